package dev.glassbox.core.call;

import java.util.Optional;

/**
 * A call's identity, {@code (tenant, id)}, and its Kafka record key on {@code llm.calls.v1} and
 * {@code llm.explanations.v1}: the tenant, the unit separator U+001F, the id. Neither a tenant nor an id may hold a
 * control character (call v1 validation), so the first U+001F always ends the tenant and the key is unambiguous;
 * calls of one tenant and id land on one partition, and two tenants' calls with the same id never share a key.
 */
public record CallKey(String tenant, String id) {

  /** Separates the tenant from the id in a record key. */
  public static final char SEPARATOR = '\u001f';

  public CallKey {
    tenant = tenant == null ? Call.DEFAULT_TENANT : tenant;
  }

  /** The identity of a call. */
  public static CallKey of(Call call) {
    return new CallKey(call.tenant(), call.id());
  }

  /** The record key: {@code tenant U+001F id}. */
  public String recordKey() {
    return tenant + SEPARATOR + id;
  }

  /** The id a record key names: what follows the separator, or the whole key when it has none. */
  public static String idOf(String recordKey) {
    return parse(recordKey).map(CallKey::id).orElse(recordKey);
  }

  /** The identity a record key names; empty for a key without a separator (e.g. one written before tenants were in keys). */
  public static Optional<CallKey> parse(String recordKey) {
    if (recordKey == null) return Optional.empty();
    int sep = recordKey.indexOf(SEPARATOR);
    if (sep < 0) return Optional.empty();
    return Optional.of(new CallKey(recordKey.substring(0, sep), recordKey.substring(sep + 1)));
  }
}
