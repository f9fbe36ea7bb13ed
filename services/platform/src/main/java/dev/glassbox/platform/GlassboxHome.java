package dev.glassbox.platform;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project root (the folder holding {@code services/}) from a property, the working folder or the jar. */
public final class GlassboxHome {

  /** System property naming the project root explicitly. */
  public static final String PROPERTY = "glassbox.home";

  private GlassboxHome() {}

  public static Path find() {
    String explicit = System.getProperty(PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit).toAbsolutePath().normalize();
      if (!Files.isDirectory(p.resolve("services"))) {
        throw new IllegalStateException("-D" + PROPERTY + "=" + p + " has no services/ folder");
      }
      return p;
    }
    Path fromCwd = walkUp(Path.of("").toAbsolutePath());
    if (fromCwd != null) return fromCwd;
    try {
      Path jar = Path.of(GlassboxHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path fromJar = walkUp(jar);
      if (fromJar != null) return fromJar;
    } catch (URISyntaxException | RuntimeException ignored) {
      // fall through to the error below
    }
    throw new IllegalStateException("cannot find the Glassbox project root (a folder with services/): "
        + "run from inside the project or pass -D" + PROPERTY + "=<path>");
  }

  private static Path walkUp(Path start) {
    for (Path p = start.normalize(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("services")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
    }
    return null;
  }
}
