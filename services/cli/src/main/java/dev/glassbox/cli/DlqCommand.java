package dev.glassbox.cli;

import dev.glassbox.core.redact.DeadLetterPayload;
import dev.glassbox.kafka.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code glassbox dlq inspect}: a dead-letter topic's records, and with the DLQ key the raw bytes they sealed. */
@Command(name = "dlq", mixinStandardHelpOptions = true, subcommands = DlqCommand.Inspect.class,
    description = "Look at dead-letter topics.")
public final class DlqCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads a DLQ from its start without committing anything, so it changes no consumer group's position. */
  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = {"Print a dead-letter topic's records: reason, kind, origin, what the record kept of its bytes",
          "(redacted text by default) and, with the DLQ key (glassbox.dlq.key), the raw bytes it sealed."})
  static final class Inspect implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--topic", defaultValue = Topics.CALLS_DLQ, description = "the DLQ topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--max", defaultValue = "100", description = "records to print at most (default: ${DEFAULT-VALUE})")
    int max;

    @Option(names = "--key", defaultValue = "${env:GLASSBOX_DLQ_KEY}",
        description = "the DLQ key, base64 (default: $GLASSBOX_DLQ_KEY); without it raw bytes stay sealed")
    String key;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      byte[] aes = key == null || key.isBlank() ? null : Base64.getDecoder().decode(key.strip());
      PrintWriter out = spec.commandLine().getOut();
      List<ConsumerRecord<String, byte[]>> records = read();
      for (ConsumerRecord<String, byte[]> r : records) out.println(describe(r, aes));
      out.printf("%d record(s) of %s%n", records.size(), topic);
      out.flush();
      return 0;
    }

    private List<ConsumerRecord<String, byte[]>> read() {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
          new ByteArrayDeserializer())) {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
        if (infos == null || infos.isEmpty()) return out;
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (out.size() < max) {
          var batch = consumer.poll(Duration.ofSeconds(2));
          if (batch.isEmpty()) break;
          for (ConsumerRecord<String, byte[]> r : batch) if (out.size() < max) out.add(r);
        }
      }
      return out;
    }
  }

  /** One record as text: where it is, its reason headers, its value, and its raw bytes when {@code key} opens them. */
  static String describe(ConsumerRecord<String, byte[]> r, byte[] key) {
    StringBuilder s = new StringBuilder();
    s.append(r.topic()).append('/').append(r.partition()).append('/').append(r.offset()).append("  key=").append(r.key());
    for (String h : List.of(Topics.HEADER_KIND, Topics.HEADER_ORIGIN, Topics.HEADER_REASON, Topics.HEADER_PAYLOAD)) {
      Header header = r.headers().lastHeader(h);
      if (header != null) s.append("\n  ").append(h).append(": ").append(new String(header.value(), StandardCharsets.UTF_8));
    }
    s.append("\n  value: ").append(r.value() == null ? "(none)" : new String(r.value(), StandardCharsets.UTF_8));
    Header sealed = r.headers().lastHeader(Topics.HEADER_SEALED);
    if (sealed == null) return s.append("\n  raw: not kept").toString();
    if (key == null) return s.append("\n  raw: sealed (give --key to open)").toString();
    try {
      byte[] raw = DeadLetterPayload.open(sealed.value(), key);
      String text = new String(raw, StandardCharsets.UTF_8);
      boolean isText = Arrays.equals(raw, text.getBytes(StandardCharsets.UTF_8));
      return s.append("\n  raw: ").append(isText ? text : "base64 " + Base64.getEncoder().encodeToString(raw)).toString();
    } catch (IllegalArgumentException e) {
      return s.append("\n  raw: ").append(e.getMessage()).toString();
    }
  }
}
