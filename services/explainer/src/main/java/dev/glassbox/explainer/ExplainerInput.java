package dev.glassbox.explainer;

import dev.glassbox.core.adapt.Adapted;
import dev.glassbox.core.adapt.RecordFormat;
import dev.glassbox.core.adapt.RecordReader;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.kafka.Topics;
import java.util.List;
import java.util.function.Function;

/**
 * One topic the explainer reads and the format of its records, written {@code topic=format} in config.
 *
 * @param topic Kafka topic name
 * @param format the records' format; only formats with one call per record can be read from Kafka
 */
public record ExplainerInput(String topic, RecordFormat format) {

  /** Call v1 records on {@code llm.calls.v1}: the default and only input unless configured otherwise. */
  public static final ExplainerInput NATIVE_CALLS = new ExplainerInput(Topics.CALLS, RecordFormat.NATIVE);

  public ExplainerInput {
    if (!format.oneCallPerRecord()) {
      throw new IllegalArgumentException("topic " + topic + ": format " + format.id()
          + " holds several calls per record and cannot be read from Kafka; use native or openai");
    }
  }

  /** What reads this topic's records: the one route to calls that ingest and replay take too. */
  public Function<byte[], Adapted> reader(CallCodec codec) {
    return new RecordReader(format, codec, null)::readRecord;
  }

  /** Parses {@code topic=format}, e.g. {@code app.openai.logs=openai}. */
  public static ExplainerInput parse(String entry) {
    int eq = entry.lastIndexOf('=');
    if (eq <= 0 || eq == entry.length() - 1) {
      throw new IllegalArgumentException("glassbox.explainer.inputs entry '" + entry + "' must be topic=format");
    }
    return new ExplainerInput(entry.substring(0, eq).strip(), RecordFormat.parse(entry.substring(eq + 1)));
  }

  public static List<ExplainerInput> parseAll(List<String> entries) {
    List<ExplainerInput> inputs = entries.stream().map(ExplainerInput::parse).toList();
    if (inputs.stream().map(ExplainerInput::topic).distinct().count() != inputs.size()) {
      throw new IllegalArgumentException("glassbox.explainer.inputs names a topic twice: " + entries);
    }
    return inputs;
  }
}
