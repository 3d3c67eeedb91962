package dev.kubelab.labs.content;

import freemarker.cache.TemplateLoader;
import freemarker.core.ParseException;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strict FreeMarker rendering of content files and check values: a missing variable is an error,
 * never an empty string.
 */
public final class Templates {
  private final ContentSource source;
  private Configuration config;
  private final Map<String, Template> inline = new ConcurrentHashMap<>();

  /** FreeMarker is set up the first time something is rendered: 'list' and 'progress' never render. */
  public Templates(ContentSource source) {
    this.source = source;
  }

  private synchronized Configuration config() {
    if (config == null) config = configure(source);
    return config;
  }

  private static Configuration configure(ContentSource source) {
    Configuration config = new Configuration(Configuration.VERSION_2_3_34);
    config.setTemplateLoader(new SourceLoader(source));
    config.setDefaultEncoding("UTF-8");
    config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    config.setLogTemplateExceptions(false);
    config.setWrapUncheckedExceptions(true);
    config.setFallbackOnNullLoopVariable(false);
    config.setNumberFormat("computer");
    config.setLocalizedLookup(false);
    config.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
    return config;
  }

  /** Renders a content file. */
  public String render(String path, Map<String, Object> model) {
    try {
      return process(config().getTemplate(path), model);
    } catch (ParseException e) {
      throw new TemplateProblem(path, e.getLineNumber(), e.getEditorMessage());
    } catch (java.io.FileNotFoundException e) {
      throw new TemplateProblem(path, 0, "file not found");
    } catch (IOException e) {
      throw new TemplateProblem(path, 0, e.getMessage());
    }
  }

  /** Renders one string value (a check field); plain strings without '$' or '<#' are returned as they are. */
  public String renderString(String text, Map<String, Object> model) {
    if (!text.contains("${") && !text.contains("<#")) return text;
    Template t = inline.computeIfAbsent(text, s -> {
      try {
        return new Template("value", new StringReader(s), config());
      } catch (ParseException e) {
        throw new TemplateProblem("'" + s + "'", 0, e.getEditorMessage());
      } catch (IOException e) {
        throw new TemplateProblem("'" + s + "'", 0, e.getMessage());
      }
    });
    return process(t, model);
  }

  private static String process(Template t, Map<String, Object> model) {
    StringWriter out = new StringWriter();
    try {
      t.process(model, out);
    } catch (TemplateException e) {
      throw new TemplateProblem(t.getName(), e.getLineNumber() == null ? 0 : e.getLineNumber(),
          firstLine(e.getMessageWithoutStackTop()));
    } catch (IOException e) {
      throw new TemplateProblem(t.getName(), 0, e.getMessage());
    }
    return out.toString();
  }

  private static String firstLine(String s) {
    if (s == null) return "template error";
    String text = s.strip();
    if (text.startsWith("The following has evaluated to null or missing:")) {
      String expr = text.lines().filter(l -> l.startsWith("==>")).findFirst().orElse("==> ?").substring(3).strip();
      int cut = expr.indexOf("  [");
      return "undefined variable ${" + (cut > 0 ? expr.substring(0, cut) : expr).strip() + "}";
    }
    return text.lines().findFirst().orElse(text);
  }

  /** A template that does not parse or references something undefined. */
  public static final class TemplateProblem extends RuntimeException {
    private final String file;
    private final int line;

    TemplateProblem(String file, int line, String message) {
      super(message);
      this.file = file;
      this.line = line;
    }

    public String file() {
      return file;
    }

    public int line() {
      return line;
    }
  }

  private record SourceLoader(ContentSource source) implements TemplateLoader {
    @Override
    public Object findTemplateSource(String name) {
      return source.read(name).orElse(null);
    }

    @Override
    public long getLastModified(Object templateSource) {
      return -1;
    }

    @Override
    public Reader getReader(Object templateSource, String encoding) {
      return new StringReader((String) templateSource);
    }

    @Override
    public void closeTemplateSource(Object templateSource) {}
  }

}
