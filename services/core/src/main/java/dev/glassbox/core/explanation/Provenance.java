package dev.glassbox.core.explanation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;

/**
 * What made an explanation: the Glassbox build, the model files and the settings that change results, and when.
 * Built once per explainer (or {@code glassbox score} run) and stamped with the time per batch, so it costs nothing
 * per call.
 *
 * @param glassboxVersion the build's version ({@code unknown} when run from classes without the build file)
 * @param glassboxCommit the git commit the build was made from, or {@code unknown}
 * @param encoderModel the encoder's model id
 * @param encoderSha256 sha256 of the encoder's model file, or {@code unknown}
 * @param hallucinationModelVersion the hallucination model file's format version
 * @param hallucinationModelSha256 sha256 of the hallucination model as serialised
 * @param settingsSha256 sha256 of the explainer settings that change results
 * @param explainedAt when the explanation was made (ISO-8601); {@code null} before it is stamped
 * @param appModel the app's own model ({@code glassbox train --app}) the call was scored with; absent (not written)
 *     when the global model scored it, so explanations without one read as before
 */
public record Provenance(String glassboxVersion, String glassboxCommit, String encoderModel, String encoderSha256,
    int hallucinationModelVersion, String hallucinationModelSha256, String settingsSha256, String explainedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) AppModelRef appModel) {

  /** An app's own model by its app, file format version, training time and sha256 of its file. */
  public record AppModelRef(String app, int format, String trainedAt, String sha256) {}

  /** A provenance without an app model (the global model scored the call). */
  public Provenance(String glassboxVersion, String glassboxCommit, String encoderModel, String encoderSha256,
      int hallucinationModelVersion, String hallucinationModelSha256, String settingsSha256, String explainedAt) {
    this(glassboxVersion, glassboxCommit, encoderModel, encoderSha256, hallucinationModelVersion,
        hallucinationModelSha256, settingsSha256, explainedAt, null);
  }

  public static final String UNKNOWN = "unknown";
  private static final String BUILD_FILE = "dev/glassbox/core/build.properties";

  /** The provenance of explanations this build makes with these models and settings, not yet stamped. */
  public static Provenance of(String encoderModel, String encoderSha256, int modelVersion, byte[] modelFile,
      String settings) {
    Properties build = Build.PROPERTIES;
    return new Provenance(known(build.getProperty("version")), known(build.getProperty("commit")), encoderModel,
        encoderSha256 == null ? UNKNOWN : encoderSha256, modelVersion, sha256(modelFile),
        sha256(settings.getBytes(StandardCharsets.UTF_8)), null);
  }

  /** The same provenance stamped with the time the explanation was made. */
  public Provenance at(Instant explained) {
    return new Provenance(glassboxVersion, glassboxCommit, encoderModel, encoderSha256, hallucinationModelVersion,
        hallucinationModelSha256, settingsSha256, explained.toString(), appModel);
  }

  /** The same provenance naming the app model that scored the call (null: the global one). */
  public Provenance withAppModel(AppModelRef app) {
    return new Provenance(glassboxVersion, glassboxCommit, encoderModel, encoderSha256, hallucinationModelVersion,
        hallucinationModelSha256, settingsSha256, explainedAt, app);
  }

  /** Lower-case hex sha256 of the bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** An unfiltered placeholder (a build without resource filtering, an IDE run) reads as unknown. */
  private static String known(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value;
  }

  /** The build file, read once. */
  private static final class Build {
    static final Properties PROPERTIES = load();

    private static Properties load() {
      Properties p = new Properties();
      try (InputStream in = Provenance.class.getClassLoader().getResourceAsStream(BUILD_FILE)) {
        if (in != null) p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + BUILD_FILE, e);
      }
      return p;
    }
  }
}
