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

/** The embedded PostgreSQL's password: generated once into a file only its owner can read, then read back. */
final class PgPassword {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private PgPassword() {}

  /** The password kept in {@code file}, made (mode 600) on the first call. */
  static String readOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] bytes = new byte[24];
      new SecureRandom().nextBytes(bytes);
      try {
        create(file, HexFormat.of().formatHex(bytes));
      } catch (FileAlreadyExistsException e) {
        // Another start made it first; its password is the one the data has.
      }
    }
    String password = Files.readString(file).strip();
    if (password.isEmpty()) throw new IOException(file + " is empty: delete it and the data folder beside it");
    return password;
  }

  private static void create(Path file, String password) throws IOException {
    // Made with its mode rather than chmod-ed after, so no other user can open it in between.
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system (Windows): the folder's own access rules apply
    }
    Files.writeString(file, password);
  }
}
