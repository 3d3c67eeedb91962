package dev.kubelab.runner.progress;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.jr.ob.JSON;
import com.fasterxml.jackson.jr.ob.JSONObjectException;
import com.fasterxml.jackson.jr.ob.JacksonJrExtension;
import com.fasterxml.jackson.jr.ob.api.ExtensionContext;
import com.fasterxml.jackson.jr.ob.api.ReaderWriterModifier;
import com.fasterxml.jackson.jr.ob.api.ValueReader;
import com.fasterxml.jackson.jr.ob.impl.BeanPropertyIntrospector;
import com.fasterxml.jackson.jr.ob.impl.JSONReader;
import com.fasterxml.jackson.jr.ob.impl.JSONWriter;
import com.fasterxml.jackson.jr.ob.impl.POJODefinition;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * progress.json as bytes, through jackson-jr rather than Jackson's ObjectMapper: every command
 * reads this file, and the ObjectMapper alone loads some 400 classes that commands which never
 * talk to the cluster (list, task, progress, next) otherwise do without.
 *
 * <p>The format is the one the ObjectMapper wrote and read, to the byte: indented, each object's
 * fields in the order its class declares them (jackson-jr on its own sorts them by name), nulls
 * left out, fields it does not know skipped. jackson-jr is more forgiving than the ObjectMapper
 * with a value of the wrong kind (an object where a number belongs, "yes" for a boolean: it reads
 * a zero and goes on); {@link Strict} refuses what the ObjectMapper refused, so such a file is
 * still kept aside as damaged and never quietly read as no progress.
 */
final class ProgressFormat {
  private static final JSON JR = JSON.builder()
      .enable(JSON.Feature.PRETTY_PRINT_OUTPUT)
      .disable(JSON.Feature.FAIL_ON_UNKNOWN_BEAN_PROPERTY)
      .register(new JacksonJrExtension() {
        @Override
        protected void register(ExtensionContext ctxt) {
          ctxt.insertModifier(new Modifier());
        }
      })
      .build();

  private ProgressFormat() {}

  /** The progress in the file, or null if it holds JSON null or nothing. */
  static Progress read(byte[] bytes) throws IOException {
    return JR.beanFrom(Progress.class, bytes);
  }

  /** A progress, or one lab's or exercise's record, as the file holds it. */
  static byte[] write(Object record) throws IOException {
    return JR.asBytes(record);
  }

  private static final class Modifier extends ReaderWriterModifier {
    @Override
    public POJODefinition pojoDefinitionForSerialization(JSONWriter writer, Class<?> type) {
      POJODefinition byName = BeanPropertyIntrospector.instance().pojoDefinitionForSerialization(writer, type);
      List<String> declared = Arrays.stream(type.getDeclaredFields()).map(f -> f.getName()).toList();
      return byName.withProperties(byName.getProperties().stream()
          .sorted(Comparator.comparingInt(p -> declared.contains(p.name) ? declared.indexOf(p.name) : declared.size()))
          .toList());
    }

    @Override
    public ValueReader modifyValueReader(JSONReader reader, Class<?> type, ValueReader standard) {
      boolean scalar = type == int.class || type == Integer.class || type == double.class || type == Double.class
          || type == boolean.class || type == Boolean.class || type == String.class;
      return scalar ? new Strict(type, standard) : standard;
    }
  }

  /**
   * A number, boolean or string read as the ObjectMapper read it: its own kind of token, null, or
   * one it converts (a number from a numeric string, an int from a float, a boolean from an int or
   * "true"/"false", a string from a number or boolean, zero or false from "" or "null"); anything
   * else is an error. ProgressFileFormatTest holds each case against the ObjectMapper.
   */
  private static final class Strict extends ValueReader {
    private final ValueReader standard;

    Strict(Class<?> type, ValueReader standard) {
      super(type);
      this.standard = standard;
    }

    @Override
    public Object readNext(JSONReader reader, JsonParser p) throws IOException {
      p.nextToken();
      return read(reader, p);
    }

    @Override
    public Object read(JSONReader reader, JsonParser p) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NULL) return standard.read(reader, p);
      boolean number = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
      boolean bool = t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE;
      if (_valueType == String.class) {
        if (t == JsonToken.VALUE_STRING || number || bool) return standard.read(reader, p);
      } else if (_valueType == int.class || _valueType == Integer.class) {
        if (number) return p.getValueAsInt();
        if (t == JsonToken.VALUE_STRING) return parse(p, s -> Integer.parseInt(s), 0);
      } else if (_valueType == double.class || _valueType == Double.class) {
        if (number) return p.getDoubleValue();
        if (t == JsonToken.VALUE_STRING) return parse(p, s -> switch (s) {
          case "INF", "+INF" -> Double.POSITIVE_INFINITY;
          case "-INF" -> Double.NEGATIVE_INFINITY;
          default -> Double.parseDouble(s);
        }, 0.0);
      } else {
        if (bool) return t == JsonToken.VALUE_TRUE;
        if (t == JsonToken.VALUE_NUMBER_INT) return !"0".equals(p.getText());
        if (t == JsonToken.VALUE_STRING) return parse(p, s -> switch (s) {
          case "true", "True", "TRUE" -> true;
          case "false", "False", "FALSE" -> false;
          default -> throw new IllegalArgumentException(s);
        }, false);
      }
      throw JSONObjectException.from(p, "Cannot read %s as %s", _tokenDesc(p), _valueType.getSimpleName());
    }

    private interface Parse {
      Object apply(String s);
    }

    private Object parse(JsonParser p, Parse parse, Object empty) throws IOException {
      String s = p.getText().trim();
      if (s.isEmpty() || s.equals("null")) return empty;
      try {
        return parse.apply(s);
      } catch (IllegalArgumentException e) {
        throw JSONObjectException.from(p, "Cannot read \"%s\" as %s", s, _valueType.getSimpleName());
      }
    }
  }
}
