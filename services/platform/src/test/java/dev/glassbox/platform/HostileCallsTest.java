package dev.glassbox.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.call.CallCodec;
import dev.glassbox.core.call.FieldError;
import dev.glassbox.platform.HostileCalls.Hostile;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class HostileCallsTest {

  private final CallCodec codec = new CallCodec();

  @Test
  void theSameSeedGivesTheSameRecords() {
    List<Hostile> a = new HostileCalls(7, "x-").mix(500, 0.9);
    List<Hostile> b = new HostileCalls(7, "x-").mix(500, 0.9);
    for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).bytes(), b.get(i).bytes());
  }

  @Test
  void eachRecordIsValidOrRejectedAtTheFieldItNames() {
    HostileCalls gen = new HostileCalls(42, "t-");
    List<Hostile> all = new java.util.ArrayList<>(gen.mix(3000, 0.9));
    for (String c : HostileCalls.ONCE) all.add(gen.good(c));
    all.add(gen.invalidUtf8());
    Set<String> categories = new TreeSet<>();
    for (Hostile h : all) {
      categories.add(h.category());
      CallCodec.Decoded d = codec.decode(h.bytes());
      if (h.valid()) {
        assertTrue(d.isValid(), h.category() + ": " + d.reason());
        assertEquals(h.id(), d.call().id());
        continue;
      }
      assertTrue(!d.isValid(), h.category() + " was accepted");
      List<String> paths = d.errors().stream().map(FieldError::path).toList();
      switch (h.expectedPath()) {
        case HostileCalls.INVALID_JSON -> assertTrue(d.reason().contains("invalid JSON"), h.category() + ": " + d.reason());
        case HostileCalls.INVALID_UTF8 -> assertTrue(d.reason().contains("UTF-8"), d.reason());
        default -> assertTrue(paths.contains(h.expectedPath()), h.category() + ": expected " + h.expectedPath()
            + " in " + d.reason());
      }
    }
    assertTrue(categories.size() >= 30, "every category appears: " + categories);
  }
}
