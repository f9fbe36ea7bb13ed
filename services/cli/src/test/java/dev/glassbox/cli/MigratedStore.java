package dev.glassbox.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL holding the store's schema, migrated by the store's own Flyway scripts and owned by a
 * non-superuser {@code glassbox} (password {@code glassbox}) with CREATEROLE, as the CLI's database commands meet it.
 */
record MigratedStore(EmbeddedPostgres postgres, String url) implements AutoCloseable {

  static MigratedStore start() throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE ROLE glassbox LOGIN CREATEROLE PASSWORD 'glassbox'");
      s.execute("CREATE DATABASE glassbox OWNER glassbox");
    }
    String url = postgres.getJdbcUrl("glassbox", "glassbox").replaceFirst("\\?.*$", "");
    Flyway.configure().dataSource(url, "glassbox", "glassbox").locations("filesystem:" + migrations()).load()
        .migrate();
    return new MigratedStore(postgres, url);
  }

  /** The store module's migrations, found from this module's directory. */
  private static Path migrations() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path m = p.resolve("services/store/src/main/resources/db/migration");
      if (Files.isDirectory(m)) return m;
    }
    throw new IllegalStateException("services/store/src/main/resources/db/migration not found above "
        + Path.of("").toAbsolutePath());
  }

  @Override
  public void close() throws Exception {
    postgres.close();
  }
}
