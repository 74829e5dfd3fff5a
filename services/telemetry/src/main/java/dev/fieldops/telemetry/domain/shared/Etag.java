package dev.fieldops.telemetry.domain.shared;

import dev.fieldops.kernel.ConcurrencyConflictException;
import java.util.Optional;

/**
 * Etags (AIP-154) derived from an aggregate's version. The format is an implementation detail:
 * clients only echo what they received.
 */
public final class Etag {

  private Etag() {}

  /** The etag of an aggregate at the given version. */
  public static String of(long version) {
    return "\"" + version + "\"";
  }

  /**
   * Fails with {@code ETAG_MISMATCH} when the caller sent an etag that is not the current one. An
   * absent or empty etag means "whatever the current version is".
   */
  public static void check(
      Optional<String> supplied, long currentVersion, String resource, String id) {
    if (supplied.isPresent()
        && !supplied.get().isEmpty()
        && !supplied.get().equals(of(currentVersion))) {
      throw ConcurrencyConflictException.etagMismatch(resource, id);
    }
  }
}
