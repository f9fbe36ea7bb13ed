package dev.glassbox.explainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.CallKey;
import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.explain.CallExplainer;
import dev.glassbox.core.explain.ExplainerSettings;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.explain.HashingEncoder;
import dev.glassbox.core.redact.RedactionPolicy;
import dev.glassbox.core.redact.Redactor;
import dev.glassbox.kafka.BadRecordException;
import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExplainerTopologyTest {

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> calls;
  private TestOutputTopic<String, byte[]> explanations;
  private TestOutputTopic<String, byte[]> dlq;
  private TestInputTopic<String, byte[]> openAiLogs;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    start(ExplainerOutputs.DEFAULT);
  }

  private void start(ExplainerOutputs outputs) {
    if (driver != null) driver.close();
    CallExplainer explainer = new CallExplainer(new HashingEncoder(), ExplainerSettings.DEFAULT);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "explainer-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(
        ExplainerTopologyProducer.build(new CallCodec(), explainer, new Redactor(RedactionPolicy.DEFAULT),
            new ExplainerMetrics(registry),
            ExplainerInput.parseAll(List.of(Topics.CALLS + "=native", "app.openai.logs=openai")), outputs), props);
    openAiLogs = driver.createInputTopic("app.openai.logs", new StringSerializer(), new ByteArraySerializer());
    calls = driver.createInputTopic(Topics.CALLS, new StringSerializer(), new ByteArraySerializer());
    explanations = driver.createOutputTopic(outputs.explanations(), new StringDeserializer(),
        new ByteArrayDeserializer());
    dlq = driver.createOutputTopic(outputs.dlq(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static byte[] call(String id) {
    return ("{\"id\":\"" + id + "\",\"timestamp\":\"2026-11-28T12:00:00Z\",\"app\":\"bot\",\"model\":\"m\","
        + "\"prompt\":\"Where is the tower?\",\"response\":\"The tower is in Paris.\","
        + "\"context\":[{\"id\":\"kb\",\"text\":\"The tower is in Paris.\"}],"
        + "\"logprobs\":[{\"token\":\"The\",\"logprob\":-0.5}]}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aValidCallBecomesAnExplanationKeyedByItsTenantAndId() {
    calls.pipeInput(null, call("c-1"));
    TestRecord<String, byte[]> out = explanations.readRecord();
    assertEquals(new CallKey("default", "c-1").recordKey(), out.key());
    Explanation e = ExplanationCodec.decode(out.value());
    assertEquals("c-1", e.callId());
    assertNotNull(e.grounding());
    assertNotNull(e.uncertainty());
    assertEquals(-0.5, e.uncertainty().meanLogprob(), 1e-9);
    assertTrue(dlq.isEmpty());
  }

  @Test
  void aCorruptRecordGoesToTheDlqWithItsBytesAndReasonAndTheStreamGoesOn() {
    byte[] corrupt = "{\"id\":\"bad\",\"prompt\":42".getBytes(StandardCharsets.UTF_8);
    byte[] incomplete = "{\"id\":\"x\",\"timestamp\":\"2026-11-28T12:00:00Z\",\"app\":\"a\",\"model\":\"m\"}"
        .getBytes(StandardCharsets.UTF_8);
    calls.pipeInput("k1", corrupt);
    calls.pipeInput("k2", incomplete);
    calls.pipeInput("c-2", call("c-2"));

    List<TestRecord<String, byte[]>> rejected = dlq.readRecordsToList();
    assertEquals(2, rejected.size());
    assertEquals("k1", rejected.get(0).key());
    assertArrayEquals(corrupt, rejected.get(0).value());
    assertTrue(header(rejected.get(0), Topics.HEADER_REASON).startsWith("$: invalid JSON"));
    assertEquals("invalid", header(rejected.get(0), Topics.HEADER_KIND));
    assertEquals("prompt: required; response: required", header(rejected.get(1), Topics.HEADER_REASON));
    assertTrue(header(rejected.get(1), Topics.HEADER_ORIGIN).startsWith(Topics.CALLS + "/0/"));
    assertEquals(new CallKey("default", "c-2").recordKey(), explanations.readRecord().key());
    assertEquals(2.0, registry.counter("glassbox_explainer_calls", "outcome", "dlq", "kind", "invalid").count());
  }

  @Test
  void underLogAndContinueACorruptRecordIsSkippedAndCountedAndTheNextIsExplained() {
    start(ExplainerOutputs.DEFAULT.with(FailurePolicy.LOG_AND_CONTINUE));
    calls.pipeInput("k1", "{\"id\":\"bad\",\"prompt\":42".getBytes(StandardCharsets.UTF_8));
    calls.pipeInput("c-3", call("c-3"));

    assertTrue(dlq.isEmpty());
    assertEquals(new CallKey("default", "c-3").recordKey(), explanations.readRecord().key());
    assertEquals(1.0, registry.counter("glassbox_explainer_calls", "outcome", "skipped", "kind", "invalid").count());
  }

  @Test
  void underFailACorruptRecordStopsTheStreamNamingTheRecordAndThePolicy() {
    start(ExplainerOutputs.DEFAULT.with(FailurePolicy.FAIL));
    StreamsException e = assertThrows(StreamsException.class,
        () -> calls.pipeInput("k1", "{\"id\":\"bad\",\"prompt\":42".getBytes(StandardCharsets.UTF_8)));

    BadRecordException cause = assertInstanceOf(BadRecordException.class, e.getCause());
    assertTrue(cause.getMessage().startsWith("bad record at " + Topics.CALLS + "/0/0: $: invalid JSON"),
        cause.getMessage());
    assertTrue(cause.getMessage().contains("glassbox.explainer.on-bad-record=fail"), cause.getMessage());
    assertTrue(dlq.isEmpty());
    assertTrue(explanations.isEmpty());
  }

  @Test
  void explanationsAndRejectionsGoToTheConfiguredTopics() {
    start(new ExplainerOutputs("team.explanations", "team.calls.dlq", FailurePolicy.DLQ));
    calls.pipeInput("k1", "not json".getBytes(StandardCharsets.UTF_8));
    calls.pipeInput("c-4", call("c-4"));

    assertEquals("k1", dlq.readRecord().key());
    assertEquals(new CallKey("default", "c-4").recordKey(), explanations.readRecord().key());
  }

  @Test
  void aRawOpenAiPairOnItsOwnTopicIsMappedAndExplainedWithUncertaintyAndConsistency() {
    byte[] pair = """
        {"app": "support-bot", "request": {"model": "gpt-4o-mini", "logprobs": true, "top_logprobs": 2, "n": 2,
           "messages": [{"role": "user", "content": "Where is the tower?"}]},
         "response": {"id": "chatcmpl-7", "object": "chat.completion", "created": 1702685778, "model": "gpt-4o-mini",
           "choices": [
             {"index": 0, "message": {"role": "assistant", "content": "The tower is in Paris."},
              "logprobs": {"content": [{"token": "The", "logprob": -0.5,
                "top_logprobs": [{"token": "The", "logprob": -0.5}, {"token": "It", "logprob": -1.2}]}]}},
             {"index": 1, "message": {"role": "assistant", "content": "It stands in Lyon."}}]}}
        """.getBytes(StandardCharsets.UTF_8);
    openAiLogs.pipeInput("anything", pair);
    TestRecord<String, byte[]> out = explanations.readRecord();
    assertEquals(new CallKey("default", "chatcmpl-7").recordKey(), out.key());
    Explanation e = ExplanationCodec.decode(out.value());
    assertEquals("support-bot", e.app());
    assertEquals(-0.5, e.uncertainty().meanLogprob(), 1e-9);
    assertNotNull(e.consistency());
    assertEquals(List.of("It stands in Lyon."), e.call().samples());
    assertEquals("openai.chat_completions", ((java.util.Map<?, ?>) e.call().attributes().get("glassbox")).get("format"));
    assertTrue(dlq.isEmpty());
  }

  @Test
  void anOpenAiRecordThatCannotBeMappedGoesToTheDlqWithItsReasons() {
    byte[] noChoices = "{\"request\": {\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}, \"response\": {\"id\": \"x\", \"created\": 1, \"model\": \"m\", \"choices\": []}}"
        .getBytes(StandardCharsets.UTF_8);
    openAiLogs.pipeInput("k", noChoices);
    openAiLogs.pipeInput("k2", "not json".getBytes(StandardCharsets.UTF_8));
    List<TestRecord<String, byte[]>> rejected = dlq.readRecordsToList();
    assertEquals(2, rejected.size());
    assertArrayEquals(noChoices, rejected.get(0).value());
    assertEquals("response.choices: required: a non-empty array", header(rejected.get(0), Topics.HEADER_REASON));
    assertTrue(header(rejected.get(0), Topics.HEADER_ORIGIN).startsWith("app.openai.logs/0/"));
    assertTrue(header(rejected.get(1), Topics.HEADER_REASON).startsWith("$: invalid JSON"));
    assertTrue(explanations.isEmpty());
  }

  @Test
  void inputsThatCannotBeReadFromKafkaAreRefusedAtStartupWithAClearMessage() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ExplainerInput.parseAll(List.of("traces=otlp")));
    assertEquals("topic traces: format otlp holds several calls per record and cannot be read from Kafka; use native or openai",
        e.getMessage());
    assertEquals("unknown format 'xml': use one of [native, openai, otlp, openinference]",
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> ExplainerInput.parse("t=xml")).getMessage());
  }

  private static String header(TestRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
