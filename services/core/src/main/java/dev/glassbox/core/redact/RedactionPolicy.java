package dev.glassbox.core.redact;

import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * How a call is redacted: a mode per field group, the detectors to run, and the secret key of
 * {@code hash} mode.
 *
 * @param hashKey HMAC key of {@code hash} mode; required when any group hashes, {@code null} otherwise
 */
public record RedactionPolicy(Map<FieldGroup, RedactionMode> modes, Set<PiiType> detectors, String hashKey) {

  /** Placeholders in every field, every detector: the safe default. */
  public static final RedactionPolicy DEFAULT = uniform(RedactionMode.REDACT, EnumSet.allOf(PiiType.class), null);

  /** Nothing is redacted. */
  public static final RedactionPolicy OFF = uniform(RedactionMode.OFF, EnumSet.allOf(PiiType.class), null);

  public RedactionPolicy {
    EnumMap<FieldGroup, RedactionMode> all = new EnumMap<>(FieldGroup.class);
    for (FieldGroup g : FieldGroup.values()) {
      RedactionMode m = modes.get(g);
      if (m == null) throw new IllegalArgumentException("redaction mode missing for field group " + g.id());
      all.put(g, m);
    }
    modes = Map.copyOf(all);
    detectors = detectors.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(detectors));
    if (hashKey != null && hashKey.isBlank()) hashKey = null;
    if (hashKey == null && all.containsValue(RedactionMode.HASH)) {
      throw new IllegalArgumentException("redaction mode hash needs a secret hash key (without one, hashes of"
          + " e-mails or phone numbers could be reversed by hashing guesses); set one or use mode redact");
    }
  }

  /** The same mode for every field group. */
  public static RedactionPolicy uniform(RedactionMode mode, Set<PiiType> detectors, String hashKey) {
    EnumMap<FieldGroup, RedactionMode> modes = new EnumMap<>(FieldGroup.class);
    for (FieldGroup g : FieldGroup.values()) modes.put(g, mode);
    return new RedactionPolicy(modes, detectors, hashKey);
  }

  /**
   * Builds a policy from config text: a mode for all groups, per-group overrides (group id → mode),
   * detector ids; unknown names are a clear {@link IllegalArgumentException}.
   */
  public static RedactionPolicy parse(String mode, Map<String, String> overrides, Collection<String> detectors,
      String hashKey) {
    EnumMap<FieldGroup, RedactionMode> modes = new EnumMap<>(FieldGroup.class);
    RedactionMode all = RedactionMode.parse(mode);
    for (FieldGroup g : FieldGroup.values()) modes.put(g, all);
    overrides.forEach((group, m) -> modes.put(FieldGroup.parse(group), RedactionMode.parse(m)));
    EnumSet<PiiType> types = EnumSet.noneOf(PiiType.class);
    for (String d : detectors) {
      if (!d.isBlank()) types.add(PiiType.parse(d));
    }
    return new RedactionPolicy(modes, types, hashKey);
  }

  public RedactionMode mode(FieldGroup group) {
    return modes.get(group);
  }

  /** Whether any field group is redacted with any detector. */
  public boolean active() {
    return !detectors.isEmpty() && modes.values().stream().anyMatch(m -> m != RedactionMode.OFF);
  }

  @Override
  public String toString() {
    // Never print the key.
    return "RedactionPolicy[modes=" + modes + ", detectors=" + detectors + ", hashKey=" + (hashKey == null ? "none" : "set") + "]";
  }
}
