package dev.kubelab.runner.shell;

import dev.kubelab.runner.App;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;

/**
 * Keeps the prompt's status true to the progress file: the prompt is made from the file as it is
 * when drawn, and while the shell waits for a line, progress another kubelab saves (a one-shot
 * 'check' in a second terminal) redraws it. Looking costs a file stat, not a read.
 */
final class PromptRefresh implements AutoCloseable {
  private final App app;
  private final LineReader reader;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kubelab-prompt");
    t.setDaemon(true);
    return t;
  });
  private boolean waiting;
  private String shown;

  PromptRefresh(App app, LineReader reader, Duration every) {
    this.app = app;
    this.reader = reader;
    timer.scheduleWithFixedDelay(this::look, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The prompt for the next line, from the progress as the file has it now; the shell then waits. */
  synchronized String prompt() {
    try {
      app.progress().reloadIfChanged();
    } catch (RuntimeException e) {
      // a prompt never fails; the next command reports a progress file it cannot read
    }
    shown = Prompt.of(app);
    waiting = true;
    return shown;
  }

  /** A line was read: a command runs now, and the prompt is left alone until the next one. */
  synchronized void read() {
    waiting = false;
  }

  private synchronized void look() {
    if (!waiting || !reader.isReading()) return;
    try {
      if (!app.progress().reloadIfChanged()) return;
      String now = Prompt.of(app);
      if (now.equals(shown) || !(reader instanceof LineReaderImpl impl)) return;
      shown = now;
      impl.setPrompt(now);
      reader.callWidget(LineReader.REDRAW_LINE);
      reader.callWidget(LineReader.REDISPLAY);
    } catch (RuntimeException e) {
      // the line was read meanwhile, or the file is being replaced: the next look, or prompt, catches up
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
