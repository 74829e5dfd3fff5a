package dev.fieldops.grpc;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Etags of version-numbered resources: the aggregate's version in decimal ({@code "3"}). An empty
 * etag means "unconditional". An etag that is not a version number this service could have handed
 * out is malformed, not stale: {@code INVALID_ARGUMENT} with reason {@value #INVALID_ETAG} naming
 * the field, so that a client bug (an etag of another API, a quoted or truncated one) is not
 * mistaken for a concurrent change and retried forever. A well-formed etag that no longer matches
 * is the command's {@code ABORTED ETAG_MISMATCH}.
 */
public final class Etags {

  public static final String INVALID_ETAG = "INVALID_ETAG";

  /** A positive version without sign or leading zeros; at most 19 digits (a long). */
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,18}");

  private Etags() {}

  /** The etag of {@code version}. */
  public static String of(long version) {
    return Long.toString(version);
  }

  /**
   * The version {@code etag} names; {@link ExpectedVersion#any()} for no etag.
   *
   * @param field the etag's full path in the request ({@code ticket.etag}), for the violation
   * @throws InvalidInputException {@value #INVALID_ETAG} when the etag is not a version number
   */
  public static ExpectedVersion expectedVersion(String etag, String field) {
    if (etag == null || etag.isEmpty()) {
      return ExpectedVersion.any();
    }
    if (VERSION.matcher(etag).matches()) {
      try {
        return ExpectedVersion.of(Long.parseLong(etag));
      } catch (NumberFormatException beyondLong) {
        // 19 digits above Long.MAX_VALUE: no version has it
      }
    }
    throw InvalidInputException.of(
        INVALID_ETAG,
        field,
        "must be an etag this service returned (a version number such as \"3\"), or empty");
  }
}
