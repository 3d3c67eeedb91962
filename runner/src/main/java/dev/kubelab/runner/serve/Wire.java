package dev.kubelab.runner.serve;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a thin client and a resident server say to each other over the socket. The client sends
 * one request; the server answers with frames: output, error output, and last the exit code
 * (or a refusal, after which the client runs the command itself).
 *
 * <p>Request: {@link #MAGIC}, an operation, the key's material, the command line, the client's
 * environment variables, and whether its standard output is a terminal. Strings are UTF-8 with
 * an int length first, so no size is too long for the wire.
 */
final class Wire {
  static final String MAGIC = "kubelab-serve/1";

  /** Run a command line. */
  static final byte RUN = 'r';
  /** Say in one line what this server serves and how long it has been idle. */
  static final byte STATUS = 's';
  /** Stop after answering. */
  static final byte STOP = 'x';

  /** A frame of standard output. */
  static final byte OUT = 'o';
  /** A frame of standard error. */
  static final byte ERR = 'e';
  /** The last frame: the exit code. */
  static final byte EXIT = 'c';
  /** The last frame: this server is not the one the request's material names. */
  static final byte REFUSED = 'n';

  private static final int MAX_STRING = 16 << 20;

  private Wire() {}

  record Request(byte op, String material, List<String> args, Map<String, String> env, boolean console) {}

  static void write(DataOutputStream out, Request r) throws IOException {
    string(out, MAGIC);
    out.writeByte(r.op());
    string(out, r.material());
    out.writeInt(r.args().size());
    for (String a : r.args()) string(out, a);
    out.writeInt(r.env().size());
    for (Map.Entry<String, String> e : r.env().entrySet()) {
      string(out, e.getKey());
      string(out, e.getValue());
    }
    out.writeBoolean(r.console());
    out.flush();
  }

  static Request read(DataInputStream in) throws IOException {
    String magic = string(in);
    if (!MAGIC.equals(magic)) throw new IOException("not a kubelab request (" + magic + ")");
    byte op = in.readByte();
    String material = string(in);
    int n = count(in);
    List<String> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) args.add(string(in));
    int m = count(in);
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < m; i++) env.put(string(in), string(in));
    return new Request(op, material, args, env, in.readBoolean());
  }

  /** Writes one frame: its kind, then its bytes. */
  static void frame(DataOutputStream out, byte kind, byte[] bytes, int off, int len) throws IOException {
    out.writeByte(kind);
    out.writeInt(len);
    out.write(bytes, off, len);
    out.flush();
  }

  static void exit(DataOutputStream out, int code) throws IOException {
    out.writeByte(EXIT);
    out.writeInt(code);
    out.flush();
  }

  /** A one-line answer (to STATUS), sent as output and exit code 0. */
  static void say(DataOutputStream out, String line) throws IOException {
    byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
    frame(out, OUT, b, 0, b.length);
    exit(out, 0);
  }

  /**
   * Copies the answer's frames to the client's own output and error output, and returns the exit
   * code; null when the server refused the request. {@code received} learns whether any output
   * came, so a server that dies halfway is told apart from one that died before answering.
   */
  static Integer answer(DataInputStream in, OutputStream out, OutputStream err, boolean[] received) throws IOException {
    boolean[] closed = new boolean[2]; // a reader that went away ('| head'): the rest is dropped, as a PrintWriter would
    while (true) {
      byte kind;
      try {
        kind = in.readByte();
      } catch (EOFException e) {
        throw new IOException("the server closed the connection before the command ended", e);
      }
      switch (kind) {
        case OUT, ERR -> {
          int len = count(in);
          byte[] b = in.readNBytes(len);
          if (b.length < len) throw new IOException("the server closed the connection halfway through a frame");
          int which = kind == OUT ? 0 : 1;
          if (!closed[which]) {
            try {
              OutputStream to = which == 0 ? out : err;
              to.write(b);
              to.flush();
            } catch (IOException e) {
              closed[which] = true;
            }
          }
          received[0] = true;
        }
        case EXIT -> {
          return in.readInt();
        }
        case REFUSED -> {
          return null;
        }
        default -> throw new IOException("unknown frame '" + (char) kind + "' from the server");
      }
    }
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0 || len > MAX_STRING) throw new IOException("a string of " + len + " bytes on the wire");
    byte[] b = in.readNBytes(len);
    if (b.length < len) throw new EOFException();
    return new String(b, StandardCharsets.UTF_8);
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_STRING) throw new IOException("a count of " + n + " on the wire");
    return n;
  }
}
