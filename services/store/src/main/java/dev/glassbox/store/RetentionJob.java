package dev.glassbox.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs {@link Retention} on a schedule from start-up (and on demand); one run at a time. Rows deleted are counted
 * per table as {@code glassbox_retention_deleted_total{table}}.
 */
@Singleton
public class RetentionJob {

  private static final Logger LOG = Logger.getLogger(RetentionJob.class);

  private final StoreConfig.Retention config;
  private final Retention retention;
  private final AuditTrail audit;
  private final Map<Retention.Table, Counter> deleted = new EnumMap<>(Retention.Table.class);
  private ScheduledExecutorService scheduler;
  private volatile boolean stopping;

  public RetentionJob(StoreConfig config, DataSource dataSource, MeterRegistry registry, AuditTrail audit) {
    this.config = config.retention();
    this.audit = audit;
    this.retention = Retention.of(dataSource, this.config);
    for (Retention.Table t : Retention.Table.values()) {
      deleted.put(t, Counter.builder("glassbox.retention.deleted").tag("table", t.sqlName)
          .description("Rows deleted because they were older than their table's retention").register(registry));
    }
  }

  void start(@Observes StartupEvent event) {
    if (!config.enabled()) {
      LOG.info("Retention job off (glassbox.store.retention.enabled=false); POST /api/admin/retention still runs it");
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "glassbox-store-retention");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(this::runScheduled, config.initialDelay().toMillis(),
        config.interval().toMillis(), TimeUnit.MILLISECONDS);
    LOG.infof("Retention job every %s (days kept: calls %d, explanations %d, sentences %d, tokens %d, drift %d)",
        config.interval(), config.callsDays(), config.explanationsDays(), config.explanationSentencesDays(),
        config.explanationTokensDays(), config.driftReportsDays());
  }

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
    if (scheduler != null) scheduler.shutdownNow();
  }

  /**
   * Runs once now for {@code actor} (an admin key's name, or {@link AuditTrail#RETENTION_JOB}), waiting for a
   * scheduled run in progress to finish first. A run an admin asked for is always audited; a scheduled one when it
   * deleted something (an empty run every interval would only fill the log).
   */
  public synchronized Retention.Run runNow(String actor) throws SQLException {
    Retention.Run run = retention.run(Instant.now(), () -> stopping, (t, n) -> deleted.get(t).increment(n));
    long total = run.deleted().values().stream().mapToLong(Long::longValue).sum();
    if (total > 0) LOG.infof("Retention deleted %d rows: %s", total, run.deleted());
    if (total > 0 || !AuditTrail.RETENTION_JOB.equals(actor)) {
      audit.record(actor, "retention", null, null, run.deleted());
    }
    return run;
  }

  private void runScheduled() {
    try {
      runNow(AuditTrail.RETENTION_JOB);
    } catch (SQLException e) {
      // Nothing half-done is lost: every committed batch stays deleted; the next run carries on.
      LOG.warnf("Retention run failed (%s); trying again in %s", SqlErrors.describe(e), config.interval());
    } catch (RuntimeException e) {
      LOG.error("Retention run failed; trying again at the next interval", e);
    }
  }
}
