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
  void aStoreKeyNamesItsRoleInAnyCaseAndOptionallyTheOneTenantItSees() {
    AccessKeys<StoreGrant> keys = AccessControl.parseKeys(List.of("grafana:reader:0123456789abcdef",
        " ops : ADMIN :fedcba9876543210", "acme:reader@acme:acme-0123456789ab"));
    assertEquals(Optional.of(new Key<>("grafana", new StoreGrant(Role.READER, null))), keys.find("0123456789abcdef"));
    assertEquals(Optional.of(new Key<>("ops", new StoreGrant(Role.ADMIN, null))), keys.find("fedcba9876543210"));
    assertEquals(Optional.of(new Key<>("acme", new StoreGrant(Role.READER, "acme"))), keys.find("acme-0123456789ab"));
    assertEquals("access key 1 (x) has role 'owner'; use reader, reviewer or admin, optionally @tenant",
        assertThrows(IllegalArgumentException.class,
            () -> AccessControl.parseKeys(List.of("x:owner:0123456789abcdef"))).getMessage());
    assertEquals("access key 1 (x) names no tenant after '@'", assertThrows(IllegalArgumentException.class,
        () -> AccessControl.parseKeys(List.of("x:reader@:0123456789abcdef"))).getMessage());
  }

  @Test
  void onlyAdminKeysMayNameNoTenantUnlessUnboundReadersAreAllowed() {
    AccessControl.refuseUnboundReaders(List.of("ops:admin:ops-0123456789abcd", "rita:reviewer:acme:rita-0123456789ab",
        "grafana:reader@acme:0123456789abcdef"));
    assertEquals("access key 2 (rita) is a reviewer of every tenant: only admin keys may name no tenant; write it"
        + " name:role:tenant:token, or set glassbox.store.auth.unbound-readers=true", assertThrows(
            IllegalArgumentException.class, () -> AccessControl.refuseUnboundReaders(List.of(
                "ops:admin:ops-0123456789abcd", "rita:reviewer:rita-0123456789ab"))).getMessage());
  }

  @Test
  void aKeyMayNameItsTenantAsAFieldOfItsOwnAsTheIssueWritesIt() {
    AccessKeys<StoreGrant> keys = AccessControl.parseKeys(List.of("rita:reviewer:acme:rita-0123456789ab",
        "ops:admin@globex:ops-0123456789abcd"));
    assertEquals(Optional.of(new Key<>("rita", new StoreGrant(Role.REVIEWER, "acme"))), keys.find("rita-0123456789ab"));
    assertEquals(Optional.of(new Key<>("ops", new StoreGrant(Role.ADMIN, "globex"))), keys.find("ops-0123456789abcd"));
    assertEquals("access key 1 (x) names no tenant after '@'", assertThrows(IllegalArgumentException.class,
        () -> AccessControl.parseKeys(List.of("x:reader::0123456789abcdef"))).getMessage());
  }

  @Test
  void anAdminMayDoWhatAReaderMayButNotTheOtherWayRound() {
    assertTrue(Role.ADMIN.allows(Role.READER));
    assertTrue(Role.ADMIN.allows(Role.ADMIN));
    assertTrue(Role.READER.allows(Role.READER));
    assertFalse(Role.READER.allows(Role.ADMIN));
  }

  @Test
  void aReviewerSitsBetweenReaderAndAdmin() {
    assertTrue(Role.REVIEWER.allows(Role.READER));
    assertTrue(Role.REVIEWER.allows(Role.REVIEWER));
    assertFalse(Role.REVIEWER.allows(Role.ADMIN));
    assertFalse(Role.READER.allows(Role.REVIEWER));
    assertTrue(Role.ADMIN.allows(Role.REVIEWER));
    assertEquals(new StoreGrant(Role.REVIEWER, "acme"), StoreGrant.parse("Reviewer@acme"));
  }
}
