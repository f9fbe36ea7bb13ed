package dev.glassbox.cli;

import dev.glassbox.core.audit.AuditLog;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Creates (or re-points) a tenant's PostgreSQL login role, which row-level security limits to that tenant's rows. */
@Command(name = "tenant-role", mixinStandardHelpOptions = true,
    description = {"Create a read-only PostgreSQL login role that sees only one tenant's rows (row-level security).",
        "Run again to change its password or tenant. Needs a user with CREATEROLE (e.g. the one the store migrates as)."})
public final class TenantRoleCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions database;

  @Option(names = "--tenant", required = true, description = "the tenant whose rows the role may read")
  String tenant;

  @Option(names = "--role", description = "role name (default: glassbox_tenant_<tenant>)")
  String role;

  @Option(names = "--role-password", defaultValue = "${env:GLASSBOX_TENANT_ROLE_PASSWORD}",
      description = "the role's password, 12+ characters (default: $GLASSBOX_TENANT_ROLE_PASSWORD, else generated and printed)")
  String rolePassword;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = role != null ? role : defaultRoleName(tenant);
    boolean generated = rolePassword == null || rolePassword.isEmpty();
    String secret = generated ? generatePassword() : rolePassword;
    try (Connection c = database.connect();
         PreparedStatement ps = c.prepareStatement("SELECT glassbox_create_tenant_role(?, ?, ?)")) {
      c.setAutoCommit(false);
      ps.setString(1, name);
      ps.setString(2, secret);
      ps.setString(3, tenant);
      ps.execute();
      // Audited in the same transaction: the role exists exactly when its row in the log does.
      AuditLog.append(c, database.user, "tenant-role", tenant, name, null);
      c.commit();
    } catch (SQLException e) {
      err.println("glassbox tenant-role: " + explain(e));
      return 1;
    }
    out.printf("Role %s reads only tenant '%s' (read-only sessions, row-level security).%n", name, tenant);
    if (generated) out.println("Password (shown once): " + secret);
    out.printf("Connect with: %s as user %s%n", database.jdbcUrl, name);
    return 0;
  }

  /** {@code glassbox_tenant_} and the tenant in lower case with anything but letters and digits as {@code _}. */
  static String defaultRoleName(String tenant) {
    String cleaned = tenant.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String name = "glassbox_tenant_" + cleaned;
    return name.length() > 63 ? name.substring(0, 63) : name;
  }

  private static String generatePassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String explain(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("42883")) {
      return "the database has no glassbox_create_tenant_role(): start the store once (it migrates the schema) "
          + "or check --jdbc-url";
    }
    if (state.equals("42501")) {
      return "permission denied: run as a user with CREATEROLE and ADMIN on glassbox_tenant, such as the one the "
          + "store migrates as (" + e.getMessage() + ")";
    }
    if (state.startsWith("08")) return "cannot connect to " + e.getMessage();
    // The function's own checks (role name, reserved names, password length) say what to change.
    return e.getMessage().replaceFirst("^ERROR: ", "").replaceAll("\\s+Where: .*$", "");
  }
}
