package dev.glassbox.core.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.access.AccessKeys.Key;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AccessKeysTest {

  /** A grant for the test: a word of letters, upper-cased. */
  private static final Function<String, String> WORD = s -> {
    if (!s.matches("[a-zA-Z]+")) throw new IllegalArgumentException("has grant '" + s + "'; use letters");
    return s.toUpperCase(Locale.ROOT);
  };

  private final AccessKeys<String> keys = AccessKeys.parse(List.of("grafana:reader:0123456789abcdef",
      " ops : admin :fedcba9876543210:with:colons"), "grant", WORD);

  @Test
  void aTokenFindsItsKeyAndGrantAndNothingElseDoes() {
    assertEquals(Optional.of(new Key<>("grafana", "READER")), keys.find("0123456789abcdef"));
    assertEquals(Optional.of(new Key<>("ops", "ADMIN")), keys.find("fedcba9876543210:with:colons"));
    for (String wrong : new String[] {"0123456789abcde", "0123456789abcdef ", "0123456789ABCDEF", "", null}) {
      assertTrue(keys.find(wrong).isEmpty(), String.valueOf(wrong));
    }
  }

  @Test
  void badEntriesAreRefusedNamingTheEntryButNeverItsToken() {
    assertMessage("access key 1 must be name:grant:token", List.of("grafana-0123456789abcdef"));
    assertMessage("access key 2 (x) has grant 'own3r'; use letters",
        List.of("a:reader:0123456789abcdef", "x:own3r:0123456789abcdeg"));
    assertMessage("access key 1 (x) needs a token of at least 16 characters", List.of("x:reader:short"));
    assertMessage("access key 2 (a) repeats the name", List.of("a:reader:0123456789abcdef", "a:admin:0123456789abcdeX"));
    assertMessage("access key 2 (b) repeats the token", List.of("a:reader:0123456789abcdef", "b:admin:0123456789abcdef"));
  }

  @Test
  void theBearerTokenIsReadFromTheAuthorizationHeaderInAnyCase() {
    assertEquals("abc", AccessKeys.bearer("Bearer abc"));
    assertEquals("abc", AccessKeys.bearer("  bearer   abc "));
    for (String none : new String[] {null, "", "Bearer ", "Basic abc", "Bearerabc"}) {
      assertNull(AccessKeys.bearer(none), String.valueOf(none));
    }
  }

  private static void assertMessage(String expected, List<String> specs) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AccessKeys.parse(specs, "grant", WORD));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertFalse(e.getMessage().contains("0123456789abc"), "no token in " + e.getMessage());
  }
}
