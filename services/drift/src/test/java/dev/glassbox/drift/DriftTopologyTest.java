package dev.glassbox.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.core.call.Message;
import dev.glassbox.core.drift.DriftDetector;
import dev.glassbox.core.drift.DriftSettings;
import dev.glassbox.core.drift.ReferencePolicy;
import dev.glassbox.core.drift.WindowSpec;
import dev.glassbox.core.explanation.Explanation;
import dev.glassbox.core.explanation.ExplanationCodec;
import dev.glassbox.core.json.Json;
import dev.glassbox.kafka.BadRecordException;
import dev.glassbox.kafka.FailurePolicy;
import dev.glassbox.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
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
import org.junit.jupiter.api.Test;

class DriftTopologyTest {

  private static final long HOUR = 3_600_000L;
  private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
  private static final byte[] UNREADABLE = "{\"call_id\":".getBytes(StandardCharsets.UTF_8);
  private static final DriftSettings FAST = new DriftSettings(0.05, 199, 500, 4, 10, 0.25, 3, 3, 42L);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SplittableRandom random = new SplittableRandom(1);
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> explanations;
  private TestOutputTopic<String, byte[]> reports;
  private TestOutputTopic<String, byte[]> dlq;
  private int seq;

  private void start(ReferencePolicy policy) {
    start(policy, DriftRouting.DEFAULT);
  }

  private void start(ReferencePolicy policy, DriftRouting routing) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(DriftTopologyProducer.build(new DriftDetector(FAST, List.of()),
        WindowSpec.byTime(HOUR, 30), policy, 30, 3, new DriftMetrics(registry), routing), props);
    explanations = driver.createInputTopic(routing.input(), new StringSerializer(), new ByteArraySerializer());
    reports = driver.createOutputTopic(routing.output(), new StringDeserializer(), new ByteArrayDeserializer());
    dlq = driver.createOutputTopic(routing.dlq(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    if (driver != null) driver.close();
  }

  /** An explanation about weather (axis 0) or finance (axis 1), at {@code minute} past hour {@code hour}. */
  private void send(String tenant, int hour, int minute, boolean finance) {
    float[] v = new float[8];
    for (int d = 0; d < v.length; d++) v[d] = (float) (0.3 * random.nextGaussian());
    v[finance ? 1 : 0] += 1.5f;
    String prompt = (finance ? "How are stock prices today? " : "Will it rain tomorrow? ") + seq;
    String id = "c-" + seq++;
    Explanation e = new Explanation(id, "bot", "m1", tenant, T0.plusMillis(hour * HOUR + minute * 60_000L).toString(),
        new Explanation.CallView(List.of(new Message("user", prompt)), "An answer.", List.of(), List.of(), Map.of()),
        new Explanation.Hallucination(random.nextDouble(), false, 0.5, List.of()), null, null, null, null, "",
        new Explanation.Embedding("test", v, v.clone()), 2);
    byte[] bytes = ExplanationCodec.encode(e);
    sent.put(id, bytes);
    explanations.pipeInput(id, bytes, T0.plusMillis(hour * HOUR + minute * 60_000L));
  }

  /** Every record sent so far, by call id, to send again as a re-sent call or a replayed topic would. */
  private final Map<String, byte[]> sent = new java.util.LinkedHashMap<>();

  private void hour(String tenant, int hour, int calls, double financeShare) {
    for (int i = 0; i < calls; i++) send(tenant, hour, i % 60, random.nextDouble() < financeShare);
  }

  @Test
  void closedWindowsAreComparedWithTheFixedReferenceAndATopicShiftIsReported() throws Exception {
    start(ReferencePolicy.FIXED);
    hour("acme", 0, 40, 0.1); // becomes the reference: no report
    hour("acme", 1, 40, 0.1); // same mix
    hour("acme", 2, 10, 0.1); // too few calls: the window stays open into hour 3
    hour("acme", 3, 40, 0.9); // mostly finance
    assertEquals(1, reports.getQueueSize(), "hour 1 closed when hour 2 began; hours 2–3 are still open");
    send("acme", 4, 0, false); // closes hours 2–3
    List<TestRecord<String, byte[]>> out = reports.readRecordsToList();
    assertEquals(2, out.size());

    JsonNode same = Json.mapper().readTree(out.get(0).value());
    assertEquals("acme/bot/m1", out.get(0).key());
    assertEquals(List.of("acme", "bot", "m1"), List.of(same.get("tenant").asText(), same.get("app").asText(),
        same.get("model").asText()), "the report names the series' tenant, app and model in their own fields");
    assertFalse(same.get("drifted").asBoolean(), same.toPrettyString());
    assertEquals(40, same.get("calls").asInt());
    assertEquals("2026-11-28T01:00:00Z", same.get("window_start").asText());
    assertEquals("fixed", same.get("reference").get("policy").asText());
    assertEquals(40, same.get("reference").get("calls").asInt());

    JsonNode shifted = Json.mapper().readTree(out.get(1).value());
    assertTrue(shifted.get("drifted").asBoolean(), shifted.toPrettyString());
    assertEquals(50, shifted.get("calls").asInt());
    assertEquals("2026-11-28T02:00:00Z", shifted.get("window_start").asText());
    assertEquals("2026-11-28T03:39:00Z", shifted.get("window_end").asText());
    assertEquals("2026-11-28T00:00:00Z", shifted.get("reference").get("start").asText());
    JsonNode top = shifted.get("changes").get(0);
    assertTrue(top.get("name").asText().startsWith("How are stock prices"), top.toString());
    assertTrue(shifted.get("examples").get(0).asText().startsWith("How are stock prices"));
    JsonNode mmd = shifted.get("tests").get(0);
    assertEquals("mmd_prompt", mmd.get("name").asText());
    assertTrue(mmd.get("p_value").asDouble() <= mmd.get("threshold").asDouble());
  }

  @Test
  void theReferenceFollowsThePreviousWindowAndTenantsAreSeparateSeries() throws Exception {
    start(ReferencePolicy.PREVIOUS);
    hour("acme", 0, 40, 0.9);
    hour("other", 0, 40, 0.1);
    hour("acme", 1, 40, 0.9);
    hour("other", 1, 40, 0.9);
    send("acme", 2, 0, false);
    send("other", 2, 0, false);
    List<TestRecord<String, byte[]>> out = reports.readRecordsToList();
    assertEquals(List.of("acme/bot/m1", "other/bot/m1"), out.stream().map(TestRecord::key).toList());
    assertFalse(Json.mapper().readTree(out.get(0).value()).get("drifted").asBoolean());
    JsonNode other = Json.mapper().readTree(out.get(1).value());
    assertTrue(other.get("drifted").asBoolean());
    assertEquals("other", other.get("tenant").asText());
    assertEquals("previous", other.get("reference").get("policy").asText());
  }

  @Test
  void aCallSentAgainEntersItsWindowOnce() throws Exception {
    start(ReferencePolicy.FIXED);
    hour("acme", 0, 40, 0.1);
    hour("acme", 1, 30, 0.1);
    // the first 20 calls of hour 1 again, an hour later (an upstream retry, or the topic replayed)
    List<String> again = sent.keySet().stream().skip(40).limit(20).toList();
    for (String id : again) explanations.pipeInput(id, sent.get(id), T0.plusMillis(2 * HOUR - 60_000L));
    send("acme", 2, 0, false); // closes hour 1
    List<TestRecord<String, byte[]>> out = reports.readRecordsToList();
    assertEquals(1, out.size());
    JsonNode report = Json.mapper().readTree(out.get(0).value());
    assertEquals(30, report.get("calls").asInt(), "each call once: " + report.toPrettyString());
    assertEquals(40, report.get("reference").get("calls").asInt());
    assertEquals(20.0, registry.counter("glassbox_drift_explanations", "outcome", "duplicate").count());
  }

  @Test
  void byDefaultAnUnreadableExplanationIsLoggedCountedAndSkippedAndTheNextIsRead() {
    start(ReferencePolicy.FIXED);
    explanations.pipeInput("bad", UNREADABLE);
    explanations.pipeInput("no-time", "{\"call_id\":\"x\",\"app\":\"a\",\"model\":\"m\",\"timestamp\":\"yesterday\"}"
        .getBytes(StandardCharsets.UTF_8));
    send("acme", 0, 0, false);
    assertEquals(2.0, registry.counter("glassbox_drift_explanations", "outcome", "skipped").count());
    assertEquals(1.0, registry.counter("glassbox_drift_explanations", "outcome", "read").count());
    assertTrue(dlq.isEmpty());
  }

  @Test
  void underTheDlqPolicyAnUnreadableExplanationGoesToTheDlqWithItsBytesAndReasonAndTheNextIsRead() {
    start(ReferencePolicy.FIXED, DriftRouting.DEFAULT.with(FailurePolicy.DLQ));
    explanations.pipeInput("bad", UNREADABLE);
    send("acme", 0, 0, false);

    TestRecord<String, byte[]> rejected = dlq.readRecord();
    assertEquals("bad", rejected.key());
    assertArrayEquals(UNREADABLE, rejected.value());
    assertEquals("invalid", header(rejected, Topics.HEADER_KIND));
    assertTrue(header(rejected, Topics.HEADER_REASON).contains("Unexpected end-of-input"),
        header(rejected, Topics.HEADER_REASON));
    assertEquals(Topics.EXPLANATIONS + "/0/0", header(rejected, Topics.HEADER_ORIGIN));
    assertTrue(dlq.isEmpty());
    assertEquals(1.0, registry.counter("glassbox_drift_explanations", "outcome", "dlq").count());
    assertEquals(1.0, registry.counter("glassbox_drift_explanations", "outcome", "read").count());
  }

  @Test
  void underTheFailPolicyAnUnreadableExplanationStopsTheStreamNamingTheRecord() {
    start(ReferencePolicy.FIXED, DriftRouting.DEFAULT.with(FailurePolicy.FAIL));
    StreamsException e = assertThrows(StreamsException.class, () -> explanations.pipeInput("bad", UNREADABLE));

    BadRecordException cause = assertInstanceOf(BadRecordException.class, e.getCause());
    assertTrue(cause.getMessage().startsWith("bad record at " + Topics.EXPLANATIONS + "/0/0: "), cause.getMessage());
    assertTrue(cause.getMessage().contains("glassbox.drift.on-bad-record=fail"), cause.getMessage());
    assertTrue(dlq.isEmpty());
  }

  @Test
  void explanationsAreReadFromAndReportsWrittenToTheConfiguredTopics() {
    start(ReferencePolicy.PREVIOUS, new DriftRouting("team.explanations", "team.drift", "team.dlq",
        FailurePolicy.LOG_AND_CONTINUE));
    hour("acme", 0, 40, 0.1);
    hour("acme", 1, 40, 0.1);
    send("acme", 2, 0, false);
    assertEquals("acme/bot/m1", reports.readRecord().key());
  }

  private static String header(TestRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
