package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.store.AccessKeys.Key;
import dev.glassbox.store.AccessKeys.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessKeysTest {

  private final AccessKeys keys = AccessKeys.parse(List.of("grafana:reader:0123456789abcdef",
      " ops : ADMIN :fedcba9876543210:with:colons"));

  @Test
  void aTokenFindsItsKeyAndRoleAndNothingElseDoes() {
    assertEquals(Optional.of(new Key("grafana", Role.READER)), keys.find("0123456789abcdef"));
    assertEquals(Optional.of(new Key("ops", Role.ADMIN)), keys.find("fedcba9876543210:with:colons"));
    for (String wrong : new String[] {"0123456789abcde", "0123456789abcdef ", "0123456789ABCDEF", "", null}) {
      assertTrue(keys.find(wrong).isEmpty(), String.valueOf(wrong));
    }
  }

  @Test
  void anAdminMayDoWhatAReaderMayButNotTheOtherWayRound() {
    assertTrue(Role.ADMIN.allows(Role.READER));
    assertTrue(Role.ADMIN.allows(Role.ADMIN));
    assertTrue(Role.READER.allows(Role.READER));
    assertFalse(Role.READER.allows(Role.ADMIN));
  }

  @Test
  void badEntriesAreRefusedNamingTheEntryButNeverItsToken() {
    assertMessage("access key 1 must be name:role:token", List.of("grafana-0123456789abcdef"));
    assertMessage("access key 2 (x) has role 'owner'; use reader or admin",
        List.of("a:reader:0123456789abcdef", "x:owner:0123456789abcdeg"));
    assertMessage("access key 1 (x) needs a token of at least 16 characters", List.of("x:reader:short"));
    assertMessage("access key 2 (a) repeats the name", List.of("a:reader:0123456789abcdef", "a:admin:0123456789abcdeX"));
    assertMessage("access key 2 (b) repeats the token", List.of("a:reader:0123456789abcdef", "b:admin:0123456789abcdef"));
  }

  private static void assertMessage(String expected, List<String> specs) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccessKeys.parse(specs));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertFalse(e.getMessage().contains("0123456789abc"), "no token in " + e.getMessage());
  }
}
