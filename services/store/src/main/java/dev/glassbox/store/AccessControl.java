package dev.glassbox.store;

import dev.glassbox.core.access.AccessKeys;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/** Whether requests need an access key, and the configured keys; checked at start-up. */
@ApplicationScoped
public class AccessControl {

  private static final Logger LOG = Logger.getLogger(AccessControl.class);

  private final boolean enabled;
  private final AccessKeys<StoreGrant> keys;
  private final Duration cookieMaxAge;

  public AccessControl(StoreConfig config) {
    this.enabled = config.auth().enabled();
    List<String> specs = config.auth().keys().orElse(List.of());
    if (!config.auth().unboundReaders()) refuseUnboundReaders(specs);
    this.keys = parseKeys(specs);
    this.cookieMaxAge = config.auth().cookieMaxAge();
  }

  /** Refuses to start open by mistake, or closed for good: auth on with no keys would answer 401 to everyone. */
  void check(@Observes StartupEvent event) {
    if (!enabled) {
      LOG.warn("glassbox.store.auth.enabled=false: the REST API and pages are open to anyone who can reach them");
    } else if (keys.size() == 0) {
      throw new IllegalStateException("glassbox.store.auth.enabled is true but no access keys are configured: set "
          + "GLASSBOX_STORE_AUTH_KEYS=name:role:token[,name:role:token...] (role reader, reviewer or admin), or "
          + "GLASSBOX_STORE_AUTH_ENABLED=false to serve without tokens");
    } else {
      LOG.infof("REST API and pages need one of %d access keys", keys.size());
    }
  }

  /**
   * Parses {@code name:role:token} entries, role {@code reader}, {@code reviewer} or {@code admin}, bound to a tenant
   * as {@code name:role@tenant:token} or {@code name:role:tenant:token}.
   */
  static AccessKeys<StoreGrant> parseKeys(List<String> specs) {
    return AccessKeys.parse(specs.stream().map(AccessControl::tenantAfterRole).toList(), "role", StoreGrant::parse);
  }

  /**
   * Refuses a reader or reviewer key that names no tenant: a key of every tenant is an admin's (issue 18), so a person
   * who only reads or reviews sees one tenant's calls, enforced by row-level security. Throws with the key and the fix.
   */
  static void refuseUnboundReaders(List<String> specs) {
    for (int i = 0; i < specs.size(); i++) {
      String[] parts = tenantAfterRole(specs.get(i)).split(":", -1);
      if (parts.length < 3) continue; // malformed: parseKeys names the problem
      StoreGrant grant;
      try {
        grant = StoreGrant.parse(parts[1]);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (grant.role() != Role.ADMIN && grant.tenant() == null) {
        throw new IllegalArgumentException("access key " + (i + 1) + " (" + parts[0].strip() + ") is a "
            + grant.role().name().toLowerCase(java.util.Locale.ROOT) + " of every tenant: only admin keys may name no"
            + " tenant; write it name:role:tenant:token, or set glassbox.store.auth.unbound-readers=true");
      }
    }
  }

  /**
   * {@code name:role:tenant:token} (exactly four parts, no {@code @}) as {@code name:role@tenant:token}; any other
   * spec unchanged. A four-part spec therefore never reads as a three-part one whose token holds a colon.
   */
  static String tenantAfterRole(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length != 4 || parts[1].contains("@")) return spec;
    return parts[0] + ":" + parts[1] + "@" + parts[2] + ":" + parts[3];
  }

  boolean enabled() {
    return enabled;
  }

  AccessKeys<StoreGrant> keys() {
    return keys;
  }

  Duration cookieMaxAge() {
    return cookieMaxAge;
  }
}
