package dev.glassbox.ingest;

import dev.glassbox.core.access.AccessKeys;
import dev.glassbox.core.call.Limits;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/** Whether sending calls needs a producer key, the configured keys and the tenant each is for; checked at start-up. */
@ApplicationScoped
public class IngestAccess {

  private static final Logger LOG = Logger.getLogger(IngestAccess.class);

  private final boolean enabled;
  private final AccessKeys<String> keys;

  public IngestAccess(IngestConfig config) {
    this.enabled = config.auth().enabled();
    this.keys = parseKeys(config.auth().keys().orElse(List.of()));
  }

  /** Parses {@code name:tenant:token} entries. */
  static AccessKeys<String> parseKeys(List<String> specs) {
    return AccessKeys.parse(specs, "tenant", IngestAccess::validTenant);
  }

  /** A key's tenant, valid as a call v1 {@code tenant} is (it leads the call's record key). */
  private static String validTenant(String tenant) {
    if (tenant.length() > Limits.DEFAULT.maxNameChars() || tenant.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("has a tenant that is no valid call tenant (at most "
          + Limits.DEFAULT.maxNameChars() + " characters, no control characters)");
    }
    return tenant;
  }

  /** Refuses to start open by mistake, or closed for good: auth on with no keys would answer 401 to everyone. */
  void check(@Observes StartupEvent event) {
    if (!enabled) {
      LOG.warn("glassbox.ingest.auth.enabled=false: anyone who can reach ingest may send calls for any tenant");
    } else if (keys.size() == 0) {
      throw new IllegalStateException("glassbox.ingest.auth.enabled is true but no producer keys are configured: set "
          + "GLASSBOX_INGEST_AUTH_KEYS=name:tenant:token[,name:tenant:token...], or GLASSBOX_INGEST_AUTH_ENABLED=false "
          + "to accept calls without keys");
    } else {
      LOG.infof("Ingest endpoints need one of %d producer keys", keys.size());
    }
  }

  boolean enabled() {
    return enabled;
  }

  /**
   * The tenant the request's {@code Authorization: Bearer} key is for; null when keys are off (the calls name their
   * own tenants) or the key is not valid (the filter has answered 401 before a resource asks).
   */
  String tenant(String authorization) {
    if (!enabled) return null;
    return keys.find(AccessKeys.bearer(authorization)).map(AccessKeys.Key::grant).orElse(null);
  }

  /** Whether the request carries a valid key (always, when keys are off). */
  boolean admits(String authorization) {
    return !enabled || keys.find(AccessKeys.bearer(authorization)).isPresent();
  }
}
