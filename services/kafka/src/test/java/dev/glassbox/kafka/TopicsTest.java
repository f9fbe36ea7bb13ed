package dev.glassbox.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void eachTypedTopicCarriesTheNameOfItsConstant() {
    assertEquals(List.of(Topics.CALLS, Topics.EXPLANATIONS, Topics.CALLS_DLQ, Topics.DRIFT, Topics.EXPLANATIONS_DLQ,
            Topics.DRIFT_DLQ),
        List.of(Topics.CALL_RECORDS, Topics.EXPLANATION_RECORDS, Topics.CALLS_DLQ_RECORDS, Topics.DRIFT_RECORDS,
            Topics.EXPLANATIONS_DLQ_RECORDS, Topics.DRIFT_DLQ_RECORDS).stream().map(Topic::name).toList());
  }

  @Test
  void keysAreStringsAndValuesTheRecordsBytesUnchanged() {
    Topic<String, byte[]> t = Topics.EXPLANATION_RECORDS;
    byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
    assertEquals("c-1", t.keyDeserializer().deserialize(t.name(), t.keySerializer().serialize(t.name(), "c-1")));
    assertArrayEquals(notJson, t.valueDeserializer().deserialize(t.name(), t.valueSerializer().serialize(t.name(), notJson)));
  }

  @Test
  void policiesAreWrittenInConfigurationAsLowerCaseWordsJoinedByHyphens() {
    assertEquals(List.of("dlq", "log-and-continue", "fail"),
        List.of(FailurePolicy.values()).stream().map(FailurePolicy::id).toList());
  }
}
