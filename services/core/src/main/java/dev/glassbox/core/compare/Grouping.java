package dev.glassbox.core.compare;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the two compared values are values of: the call's {@code model}, or one of its {@code attributes} (a prompt
 * version, a deployment), written {@code model} or {@code attribute:<name>}.
 *
 * @param attribute the attribute's name, or null for the model
 */
public record Grouping(String attribute) {

  public static final Grouping MODEL = new Grouping(null);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public Grouping {
    if (attribute != null && !NAME.matcher(attribute).matches()) {
      throw new IllegalArgumentException("by: an attribute name is 1 to 64 letters, digits, '_', '.' or '-'");
    }
  }

  /** {@code model} (or null / blank) or {@code attribute:<name>}; anything else is refused, naming the field. */
  public static Grouping parse(String by) {
    if (by == null || by.isBlank() || by.equals("model")) return MODEL;
    if (by.startsWith("attribute:")) return new Grouping(by.substring("attribute:".length()));
    throw new IllegalArgumentException("by must be model or attribute:<name>");
  }

  /** The call's value of this grouping, as text (an attribute's number or boolean as JSON writes it); null if absent. */
  public String valueOf(String model, Map<String, ?> attributes) {
    if (attribute == null) return model;
    Object v = attributes == null ? null : attributes.get(attribute);
    return v == null ? null : String.valueOf(v);
  }

  @Override
  public String toString() {
    return attribute == null ? "model" : "attribute:" + attribute;
  }
}
