package dev.kubelab.labs.content;

import dev.kubelab.labs.api.KubelabException;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem found in the content, so all are reported at once. */
public final class Problems {
  private final List<String> items = new ArrayList<>();

  /** Records a problem as "file:line: field: message". Line 0 means unknown. */
  public void add(String file, int line, String field, String message) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) sb.append(':').append(line);
    sb.append(": ");
    if (field != null && !field.isEmpty()) sb.append(field).append(": ");
    items.add(sb.append(message).toString());
  }

  public List<String> all() {
    return List.copyOf(items);
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** Fails with every problem listed, or returns quietly. */
  public void throwIfAny(String what) {
    if (items.isEmpty()) return;
    throw new KubelabException(KubelabException.USAGE,
        what + " has " + items.size() + (items.size() == 1 ? " problem" : " problems") + ":\n  "
            + String.join("\n  ", items),
        "fix the files named above; 'kubelab validate --content DIR' checks a folder without a cluster");
  }
}
