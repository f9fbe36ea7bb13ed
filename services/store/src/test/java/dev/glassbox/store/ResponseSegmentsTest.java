package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.store.ResponseSegments.Mark;
import dev.glassbox.store.ResponseSegments.Segment;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ResponseSegmentsTest {

  private static String joined(List<Segment> segments) {
    return segments.stream().map(Segment::text).collect(Collectors.joining());
  }

  @Test
  void piecesCoverTheWholeResponseWithTheGapsUnmarked() {
    String response = "One. Two.  Three";
    List<Segment> s = ResponseSegments.cut(response, List.of(new Mark(0, 4, 0.1, "a"), new Mark(5, 9, 0.9, "b")));
    assertEquals(response, joined(s));
    assertEquals(4, s.size());
    assertTrue(s.get(0).marked());
    assertEquals("One.", s.get(0).text());
    assertEquals(Shading.risk(0.1), s.get(0).color());
    assertEquals("0.100", s.get(0).score());
    assertFalse(s.get(1).marked());
    assertEquals("Two.", s.get(2).text());
    assertEquals("b", s.get(2).title());
    assertEquals("  Three", s.get(3).text());
  }

  @Test
  void outOfRangeOverlappingAndEmptySpansNeverBreakTheText() {
    String response = "abcdef";
    List<Segment> s = ResponseSegments.cut(response, List.of(
        new Mark(4, 99, 0.5, "past the end"),
        new Mark(-2, 2, 0.5, "before the start"),
        new Mark(1, 3, 0.5, "overlaps the previous"),
        new Mark(3, 3, 0.5, "empty: a token not found in the response")));
    assertEquals(response, joined(s));
    assertEquals(List.of("ab", "c", "d", "ef"), s.stream().map(Segment::text).toList());
    assertEquals(List.of(true, true, false, true), s.stream().map(Segment::marked).toList());
  }

  @Test
  void aResponseWithoutMarksIsOnePlainPieceAndNoResponseIsNone() {
    assertEquals(List.of("plain"), ResponseSegments.cut("plain", List.of()).stream().map(Segment::text).toList());
    assertTrue(ResponseSegments.cut(null, List.of(new Mark(0, 3, 1, ""))).isEmpty());
  }
}
