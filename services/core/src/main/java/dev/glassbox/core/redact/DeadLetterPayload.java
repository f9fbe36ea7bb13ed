package dev.glassbox.core.redact;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a dead-letter record keeps of a refused record's bytes, so no personal data rests in a DLQ: bytes that decode
 * as UTF-8 text become the text with personal data and secrets replaced by typed placeholders; other bytes are
 * dropped. With a key, the raw bytes also travel sealed with AES-GCM, for an admin holding the key to read.
 */
public final class DeadLetterPayload {

  /** What the value of a DLQ record is. */
  public enum Mode {
    /** The redacted text, or nothing when the bytes are no UTF-8 text (the default). */
    REDACT,
    /** The bytes as received (personal data at rest; for local experiments only). */
    RAW;

    /** The mode a config value names ({@code redact} or {@code raw}, any case). */
    public static Mode parse(String id) {
      try {
        return valueOf(id.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("DLQ payload mode '" + id + "' is unknown; use redact or raw");
      }
    }
  }

  /** The default: redacted text, raw bytes dropped. */
  public static final DeadLetterPayload DEFAULT = new DeadLetterPayload(Mode.REDACT, null);

  /** The first byte of a sealed payload: the format (nonce, then ciphertext and tag). */
  static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  /** Bound into every tag, so a sealed DLQ payload opens only as one. */
  private static final byte[] CONTEXT = "glassbox-dlq-raw-v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Mode mode;
  private final SecretKeySpec key;
  private final Redactor redactor = new Redactor(RedactionPolicy.DEFAULT);

  /** @param key an AES key of 16, 24 or 32 bytes that seals the raw bytes, or {@code null} to drop them */
  public DeadLetterPayload(Mode mode, byte[] key) {
    this.mode = mode;
    this.key = key == null ? null : aesKey(key);
  }

  /**
   * From config text: the mode, and the key as base64 (absent or blank: the raw bytes are dropped).
   *
   * @throws IllegalArgumentException naming what is wrong with either
   */
  public static DeadLetterPayload parse(String mode, String base64Key) {
    byte[] key = null;
    if (base64Key != null && !base64Key.isBlank()) {
      try {
        key = Base64.getDecoder().decode(base64Key.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the DLQ key is not base64 (make one with: openssl rand -base64 32)");
      }
    }
    return new DeadLetterPayload(Mode.parse(mode), key);
  }

  /**
   * What the DLQ keeps of one record.
   *
   * @param value the record's new value: the redacted text, the raw bytes in {@link Mode#RAW}, or {@code null}
   * @param summary what happened to the bytes, for a header: e.g. {@code redacted text (2 replaced)}
   * @param sealed the raw bytes sealed under the key, or {@code null} without a key (or without bytes)
   */
  public record Kept(byte[] value, String summary, byte[] sealed) {}

  /** What the DLQ keeps of {@code raw} (which may be {@code null}). */
  public Kept keep(byte[] raw) {
    if (raw == null) return new Kept(null, "no value", null);
    byte[] sealed = key == null ? null : seal(raw);
    if (mode == Mode.RAW) return new Kept(raw, "raw bytes", sealed);
    String text = utf8(raw);
    if (text == null) {
      return new Kept(null, "dropped " + raw.length + " bytes that are no UTF-8 text", sealed);
    }
    Redactor.RedactedText redacted = redactor.redactText(text, RedactionMode.REDACT);
    return new Kept(redacted.text().getBytes(StandardCharsets.UTF_8),
        "redacted text (" + redacted.replacements().size() + " replaced)", sealed);
  }

  /** Whether raw bytes are kept sealed. */
  public boolean seals() {
    return key != null;
  }

  /** The text {@code raw} decodes to as strict UTF-8, or {@code null} when it is no such text. */
  static String utf8(byte[] raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private byte[] seal(byte[] raw) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(CONTEXT);
      byte[] sealed = cipher.doFinal(raw);
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
    }
  }

  /**
   * The raw bytes {@link #keep} sealed under {@code key}.
   *
   * @throws IllegalArgumentException when they were sealed under another key, changed, or are no sealed payload
   */
  public static byte[] open(byte[] sealed, byte[] key) {
    if (sealed == null || sealed.length < 1 + NONCE_BYTES || sealed[0] != VERSION) {
      throw new IllegalArgumentException("not a sealed DLQ payload of version " + VERSION);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, aesKey(key), new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
      cipher.updateAAD(CONTEXT);
      return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("the sealed DLQ payload does not open with this key (another key, or changed)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
    }
  }

  private static SecretKeySpec aesKey(byte[] key) {
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("the DLQ key must be 16, 24 or 32 bytes (AES), not " + key.length
          + " (make one with: openssl rand -base64 32)");
    }
    return new SecretKeySpec(key, "AES");
  }
}
