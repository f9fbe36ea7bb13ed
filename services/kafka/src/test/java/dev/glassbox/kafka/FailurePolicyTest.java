package dev.glassbox.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {

  private final List<String> done = new ArrayList<>();

  private void apply(FailurePolicy policy) {
    policy.apply("t/0/7", "not a call", "glassbox.x.on-bad-record", () -> done.add("dlq"), () -> done.add("skip"));
  }

  @Test
  void dlqSendsAndLogAndContinueSkipsEachExactlyOnce() {
    apply(FailurePolicy.DLQ);
    apply(FailurePolicy.LOG_AND_CONTINUE);
    assertEquals(List.of("dlq", "skip"), done);
  }

  @Test
  void failStopsNamingTheRecordTheReasonAndTheKeyAndDoesNothingElse() {
    BadRecordException e = assertThrows(BadRecordException.class, () -> apply(FailurePolicy.FAIL));
    assertTrue(e.getMessage().contains("t/0/7") && e.getMessage().contains("not a call")
        && e.getMessage().contains("glassbox.x.on-bad-record=fail"), e.getMessage());
    assertEquals(List.of(), done);
  }

  @Test
  void configurationIdsAreLowerCaseWithHyphens() {
    assertEquals("log-and-continue", FailurePolicy.LOG_AND_CONTINUE.id());
  }
}
