package dev.glassbox.core.redact;

import dev.glassbox.core.explanation.Explanation.Redactions;
import java.util.LinkedHashMap;
import java.util.Map;

/** How many findings were replaced in one call, by type and field group. */
public final class RedactionCounts {

  private final int[][] counts = new int[PiiType.values().length][FieldGroup.values().length];

  void add(PiiType type, FieldGroup field) {
    counts[type.ordinal()][field.ordinal()]++;
  }

  public int count(PiiType type, FieldGroup field) {
    return counts[type.ordinal()][field.ordinal()];
  }

  public int count(PiiType type) {
    int n = 0;
    for (FieldGroup f : FieldGroup.values()) n += count(type, f);
    return n;
  }

  public int total() {
    int n = 0;
    for (PiiType t : PiiType.values()) n += count(t);
    return n;
  }

  /** The summary carried by the explanation: non-zero counts by type and by field group, and the modes used. */
  public Redactions summary(RedactionPolicy policy) {
    Map<String, Integer> byType = new LinkedHashMap<>();
    for (PiiType t : PiiType.values()) if (count(t) > 0) byType.put(t.id(), count(t));
    Map<String, Integer> byField = new LinkedHashMap<>();
    Map<String, String> modes = new LinkedHashMap<>();
    for (FieldGroup f : FieldGroup.values()) {
      int n = 0;
      for (PiiType t : PiiType.values()) n += count(t, f);
      if (n > 0) byField.put(f.id(), n);
      modes.put(f.id(), policy.mode(f).id());
    }
    return new Redactions(total(), byType, byField, modes);
  }
}
