package dev.glassbox.store;

import io.quarkus.arc.Arc;
import jakarta.inject.Inject;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The REST API's read connections: for a key bound to a tenant, connections on which PostgreSQL's row-level security
 * shows only that tenant's rows (role {@code glassbox_bound}, setting {@code glassbox.tenant}, V10), so a query that
 * forgets the tenant predicate still reads nothing of another tenant; for every other request the API's pool.
 */
@Singleton
@Typed(TenantReads.class) // not a DataSource bean: injecting the default DataSource must stay unambiguous
public class TenantReads implements DataSource {

  private final DataSource all;
  private final DataSource bound;
  private final Supplier<String> tenant;

  /**
   * @param all connections that read every row (the API's pool, as {@code glassbox_writer})
   * @param bound connections whose role is {@code glassbox_bound}
   * @param tenant the request's bound tenant, or null when it sees every tenant
   */
  TenantReads(DataSource all, DataSource bound, Supplier<String> tenant) {
    this.all = all;
    this.bound = bound;
    this.tenant = tenant;
  }

  @Inject
  public TenantReads(@io.quarkus.agroal.DataSource("api") DataSource all,
      @io.quarkus.agroal.DataSource("bound") DataSource bound, CallerTenant caller) {
    this(all, bound, () -> Arc.container().requestContext().isActive() ? caller.bound() : null);
  }

  @Override
  public Connection getConnection() throws SQLException {
    String t = tenant.get();
    return t == null ? all.getConnection() : narrowed(bound.getConnection(), t);
  }

  /**
   * Sets {@code tenant} on a {@code glassbox_bound} connection for its session; closing the returned connection
   * clears it first, so the pool never hands it on with a tenant. Closes {@code c} when the setting fails.
   */
  static Connection narrowed(Connection c, String tenant) throws SQLException {
    try {
      setTenant(c, tenant);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0 && !c.isClosed()) {
            clearAndClose(c);
            return null;
          }
          try {
            return method.invoke(c, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static void clearAndClose(Connection c) throws SQLException {
    try (c) {
      if (!c.getAutoCommit()) c.rollback();
      setTenant(c, "");
    }
  }

  private static void setTenant(Connection c, String tenant) throws SQLException {
    // Session-wide (false): a read may run several transactions. Set with autocommit on, so no rollback undoes it.
    try (PreparedStatement ps = c.prepareStatement("SELECT set_config('glassbox.tenant', ?, false)")) {
      ps.setString(1, tenant);
      ps.execute();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the API's reads use the configured login");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return all.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    all.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    all.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return all.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return all.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("TenantReads wraps two pools; unwrap either one");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
