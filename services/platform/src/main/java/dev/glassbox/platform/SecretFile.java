package dev.glassbox.platform;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * A generated secret (the embedded PostgreSQL's password, the launcher's ingest key): made once into a file only its
 * owner can read, then read back on every later start.
 */
final class SecretFile {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private SecretFile() {}

  /** The secret kept in {@code file}, 48 hex digits made (mode 600) on the first call. */
  static String readOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] bytes = new byte[24];
      new SecureRandom().nextBytes(bytes);
      try {
        create(file, HexFormat.of().formatHex(bytes));
      } catch (FileAlreadyExistsException e) {
        // Another start made it first; its secret is the one in use.
      }
    }
    String secret = Files.readString(file).strip();
    if (secret.isEmpty()) throw new IOException(file + " is empty: delete it (and, for pg-password, the pg folder)");
    return secret;
  }

  private static void create(Path file, String secret) throws IOException {
    // Made with its mode rather than chmod-ed after, so no other user can open it in between.
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system (Windows): the folder's own access rules apply
    }
    Files.writeString(file, secret);
  }
}
