package dev.fieldops.kernel;

import java.util.Map;

/**
 * The caller acted on a version of the object that is no longer current (a stale etag). Nothing
 * changed; the caller should read again and retry.
 */
public final class ConcurrencyConflictException extends DomainException {

  public ConcurrencyConflictException(String reason, String message, Map<String, String> metadata) {
    super(reason, message, metadata);
  }

  /** The standard stale-etag conflict (AIP-154). */
  public static ConcurrencyConflictException etagMismatch(String resource, String id) {
    return new ConcurrencyConflictException(
        "ETAG_MISMATCH",
        "the " + resource + " changed since it was read; read it again",
        Map.of(resource + "_id", id));
  }
}
