package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.adapt.RecordFormat;
import dev.glassbox.core.call.BodySplitter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayCommandTest {

  @Test
  void ratesAreRecordsPerSecondWithOrWithoutTheUnit() {
    assertEquals(50.0, ReplayCommand.parseRate("50/s"));
    assertEquals(2.5, ReplayCommand.parseRate(" 2.5 / s"));
    assertEquals(7.0, ReplayCommand.parseRate("7"));
    assertEquals("--rate must be a positive number of records per second, e.g. 50/s, not '0/s'",
        assertThrows(IllegalArgumentException.class, () -> ReplayCommand.parseRate("0/s")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> ReplayCommand.parseRate("fast"));
  }

  @Test
  void eachFormatGoesToItsIngestEndpoint() {
    assertEquals("/v1/calls", ReplayCommand.endpoint(RecordFormat.NATIVE));
    assertEquals("/v1/openai", ReplayCommand.endpoint(RecordFormat.OPENAI));
    assertEquals("/v1/traces", ReplayCommand.endpoint(RecordFormat.OTLP));
    assertEquals("/v1/traces", ReplayCommand.endpoint(RecordFormat.OPENINFERENCE));
  }

  @Test
  void thePacerHoldsTheRate() throws InterruptedException {
    ReplayCommand.Pacer pacer = new ReplayCommand.Pacer(100);
    long start = System.nanoTime();
    for (int i = 0; i < 21; i++) pacer.await(1);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= 0.19, "21 records at 100/s took " + seconds + " s");
  }

  @Test
  void aRecordIngestMarksRetryableCountsAsFailedAndAnInvalidOneAsRejected() {
    List<BodySplitter.Item> records = BodySplitter.split("{\"id\": \"a\"}\n{\"id\": \"b\"}\n{\"id\": \"c\"}\n");
    ReplayCommand.Tally tally = new ReplayCommand.Tally();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ReplayCommand.count(207, """
        {"accepted": ["a"], "rejected": [
          {"index": 1, "id": "b", "errors": [{"path": "response", "reason": "required"}], "retryable": false},
          {"index": 2, "id": "c", "errors": [{"path": "$", "reason": "not stored: Kafka did not acknowledge"}],
           "retryable": true}]}
        """, records, tally, new PrintStream(log, true, StandardCharsets.UTF_8));
    assertEquals(List.of(1L, 1L, 1L), List.of(tally.accepted, tally.rejected, tally.failed));
    String lines = log.toString(StandardCharsets.UTF_8);
    assertTrue(lines.contains("line 2 (b): rejected: response: required"), lines);
    assertTrue(lines.contains("line 3 (c): not stored: $: not stored: Kafka did not acknowledge"), lines);
  }

  @Test
  void anAnswerWithoutPerRecordResultsFailsEveryRecordSent() {
    List<BodySplitter.Item> records = BodySplitter.split("[{\"id\": \"a\"}, {\"id\": \"b\"}]");
    ReplayCommand.Tally tally = new ReplayCommand.Tally();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ReplayCommand.count(503, "{\"error\": \"interrupted while waiting for Kafka; retry\", \"field\": \"$\"}", records,
        tally, new PrintStream(log, true, StandardCharsets.UTF_8));
    assertEquals(2, tally.failed);
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("HTTP 503 interrupted"), log.toString(StandardCharsets.UTF_8));
  }
}
