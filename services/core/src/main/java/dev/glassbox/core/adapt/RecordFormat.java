package dev.glassbox.core.adapt;

import java.util.Arrays;
import java.util.Locale;

/** The record formats Glassbox reads; {@link RecordReader} maps their records to calls. */
public enum RecordFormat {
  /** Call v1 itself. */
  NATIVE,
  /** One logged OpenAI {@code {request, response}} pair. */
  OPENAI,
  /** One OTLP/JSON trace export; LLM spans under the GenAI conventions (or OpenInference). */
  OTLP,
  /** One OTLP/JSON trace export from OpenInference instrumentation (read exactly like {@link #OTLP}). */
  OPENINFERENCE;

  /** The lower-case name used in config and on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether every record holds exactly one call (so a Kafka record maps to one call). */
  public boolean oneCallPerRecord() {
    return this == NATIVE || this == OPENAI;
  }

  /** The application name given to calls whose record names none (call v1 requires one, so it never applies). */
  public String defaultApp() {
    return switch (this) {
      case NATIVE, OPENAI -> id();
      case OTLP, OPENINFERENCE -> "otel";
    };
  }

  public static RecordFormat parse(String name) {
    for (RecordFormat f : values()) {
      if (f.id().equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT))) return f;
    }
    throw new IllegalArgumentException("unknown format '" + name + "': use one of "
        + Arrays.stream(values()).map(RecordFormat::id).toList());
  }
}
