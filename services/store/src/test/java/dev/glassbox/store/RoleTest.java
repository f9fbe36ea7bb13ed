package dev.glassbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.core.access.AccessKeys;
import dev.glassbox.core.access.AccessKeys.Key;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleTest {

  @Test
  void aStoreKeyNamesItsRoleInAnyCase() {
    AccessKeys<Role> keys = AccessControl.parseKeys(List.of("grafana:reader:0123456789abcdef",
        " ops : ADMIN :fedcba9876543210"));
    assertEquals(Optional.of(new Key<>("grafana", Role.READER)), keys.find("0123456789abcdef"));
    assertEquals(Optional.of(new Key<>("ops", Role.ADMIN)), keys.find("fedcba9876543210"));
    assertEquals("access key 1 (x) has role 'owner'; use reader or admin", assertThrows(IllegalArgumentException.class,
        () -> AccessControl.parseKeys(List.of("x:owner:0123456789abcdef"))).getMessage());
  }

  @Test
  void anAdminMayDoWhatAReaderMayButNotTheOtherWayRound() {
    assertTrue(Role.ADMIN.allows(Role.READER));
    assertTrue(Role.ADMIN.allows(Role.ADMIN));
    assertTrue(Role.READER.allows(Role.READER));
    assertFalse(Role.READER.allows(Role.ADMIN));
  }
}
