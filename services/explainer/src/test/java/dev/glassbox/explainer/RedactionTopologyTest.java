package dev.glassbox.explainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.explain.HashingEncoder;
import dev.glassbox.core.redact.FieldGroup;
import dev.glassbox.core.redact.PiiType;
import dev.glassbox.core.redact.PlantedCorpus;
import dev.glassbox.core.redact.RedactionPolicy;
import dev.glassbox.core.redact.Redactor;
import dev.glassbox.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class RedactionTopologyTest {

  private static final List<PlantedCorpus.Entry> CORPUS = PlantedCorpus.load();

  /** Every byte a consumer of the explanation topic could read: keys, values, header names and values. */
  private static String allBytes(List<TestRecord<String, byte[]>> records) {
    StringBuilder sb = new StringBuilder();
    for (TestRecord<String, byte[]> r : records) {
      sb.append(r.key()).append('\n').append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
      for (Header h : r.headers()) sb.append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  private record Run(List<TestRecord<String, byte[]>> explanations, List<TestRecord<String, byte[]>> dlq,
      SimpleMeterRegistry registry) {}

  private static Run pipeCorpus(Redactor redactor) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CallExplainer explainer = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "explainer-redaction-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver = new TopologyTestDriver(ExplainerTopologyProducer.build(new CallCodec(), explainer,
        redactor, new ExplainerMetrics(registry), List.of(ExplainerInput.NATIVE_CALLS), ExplainerOutputs.DEFAULT),
        props)) {
      TestInputTopic<String, byte[]> calls = driver.createInputTopic(Topics.CALLS, new StringSerializer(),
          new ByteArraySerializer());
      TestOutputTopic<String, byte[]> explanations = driver.createOutputTopic(Topics.EXPLANATIONS,
          new StringDeserializer(), new ByteArrayDeserializer());
      TestOutputTopic<String, byte[]> dlq = driver.createOutputTopic(Topics.CALLS_DLQ, new StringDeserializer(),
          new ByteArrayDeserializer());
      for (PlantedCorpus.Entry e : CORPUS) calls.pipeInput(e.call().id(), e.json().getBytes(StandardCharsets.UTF_8));
      return new Run(explanations.readRecordsToList(), dlq.readRecordsToList(), registry);
    }
  }

  private static double redactions(SimpleMeterRegistry registry, PiiType type) {
    double n = 0;
    for (FieldGroup f : FieldGroup.values()) {
      Counter c = registry.find("glassbox_redactions").tags("type", type.id(), "field", f.id()).counter();
      if (c != null) n += c.count();
    }
    return n;
  }

  @Test
  void noPlantedValueReachesTheExplanationTopicAndTheMetricCountsEveryOne() {
    Run run = pipeCorpus(new Redactor(RedactionPolicy.DEFAULT));
    assertEquals(CORPUS.size(), run.explanations().size());
    assertTrue(run.dlq().isEmpty());
    String published = allBytes(run.explanations());
    List<String> leaked = PlantedCorpus.leaks(CORPUS, published);
    int planted = CORPUS.stream().mapToInt(e -> e.planted().size()).sum();
    System.out.printf("planted %d values (%d occurrences) in %d calls; leaked onto %s: %d%n", planted,
        CORPUS.stream().flatMap(e -> e.expected().values().stream()).mapToInt(Integer::intValue).sum(), CORPUS.size(),
        Topics.EXPLANATIONS, leaked.size());
    assertEquals(List.of(), leaked);
    for (PlantedCorpus.Entry e : CORPUS) {
      for (String kept : e.kept()) assertTrue(published.contains(kept), "lost look-alike '" + kept + "'");
    }
    for (PiiType t : PiiType.values()) {
      assertEquals(PlantedCorpus.expectedCount(CORPUS, t), redactions(run.registry(), t), 0.0, t.id());
    }
    // E-mails by field: pii-04 has 2 in the prompt and 2 in the response, pii-10 one in the response, two in
    // samples and one in attributes, pii-11 one in the prompt and one in the response.
    assertEquals(3.0, run.registry().counter("glassbox_redactions", "type", "email", "field", "prompt").count());
    assertEquals(4.0, run.registry().counter("glassbox_redactions", "type", "email", "field", "response").count());
    assertEquals(2.0, run.registry().counter("glassbox_redactions", "type", "email", "field", "samples").count());
    assertEquals(1.0, run.registry().counter("glassbox_redactions", "type", "email", "field", "attributes").count());

    // Each explanation says what was redacted from its call.
    List<Integer> totals = new ArrayList<>();
    for (TestRecord<String, byte[]> r : run.explanations()) totals.add(ExplanationCodec.decode(r.value()).redactions().total());
    assertEquals(CORPUS.stream().map(e -> e.expected().values().stream().mapToInt(Integer::intValue).sum()).toList(), totals);
    Explanation withTokens = ExplanationCodec.decode(run.explanations().get(10).value());
    assertEquals("Card [CARD] is on file for [EMAIL].", withTokens.call().response());
    for (Explanation.TokenUncertainty t : withTokens.uncertainty().tokens()) {
      if (t.end() > t.start()) assertEquals(t.token(), withTokens.call().response().substring(t.start(), t.end()));
    }
  }

  @Test
  void hashModePublishesKeyedHashesAndNoPlantedValue() {
    Run run = pipeCorpus(new Redactor(RedactionPolicy.parse("hash", java.util.Map.of(),
        List.of("email", "phone", "card", "iban", "ip", "secret"), "topology-test-key")));
    String published = allBytes(run.explanations());
    assertEquals(List.of(), PlantedCorpus.leaks(CORPUS, published));
    assertTrue(published.matches("(?s).*\\[EMAIL:[0-9a-f]{16}\\].*"));
    assertEquals("hash", ExplanationCodec.decode(run.explanations().get(0).value()).redactions().modes().get("prompt"));
  }

  @Test
  void withRedactionOffTheCorpusLeaksWhichShowsTheCheckCanFail() {
    Run run = pipeCorpus(new Redactor(RedactionPolicy.OFF));
    assertEquals(CORPUS.size(), run.explanations().size());
    assertTrue(PlantedCorpus.leaks(CORPUS, allBytes(run.explanations())).size() >= 40);
    assertEquals(null, ExplanationCodec.decode(run.explanations().get(0).value()).redactions());
    assertTrue(run.registry().find("glassbox_redactions").counters().isEmpty());
  }

  @Test
  void redactionConfigIsReadPerFieldGroupAndAHashWithoutKeyStopsStartup() {
    RedactionPolicy p = ExplainerTopologyProducer.redactionPolicy(config("redact", Optional.of("hash"), Optional.of("k")));
    assertEquals("hash", p.mode(FieldGroup.RESPONSE).id());
    assertEquals("redact", p.mode(FieldGroup.ATTRIBUTES).id());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExplainerTopologyProducer.redactionPolicy(config("hash", Optional.empty(), Optional.empty())));
    assertTrue(e.getMessage().startsWith("glassbox.explainer.redaction: redaction mode hash needs a secret hash key"),
        e.getMessage());
  }

  private static ExplainerConfig.Redaction config(String mode, Optional<String> response, Optional<String> key) {
    return new ExplainerConfig.Redaction() {
      public String mode() { return mode; }
      public Optional<String> prompt() { return Optional.empty(); }
      public Optional<String> response() { return response; }
      public Optional<String> context() { return Optional.empty(); }
      public Optional<String> samples() { return Optional.empty(); }
      public Optional<String> attributes() { return Optional.empty(); }
      public Optional<String> hashKey() { return key; }
      public List<String> detectors() { return List.of("email", "phone", "card", "iban", "ip", "secret"); }
    };
  }
}
