package dev.fieldops.grpc;

import java.util.OptionalLong;

/**
 * Etags of version-numbered resources: the aggregate's version in decimal. An empty etag means
 * "unconditional"; an etag this service cannot have handed out names version -1, which no
 * aggregate has, so the change fails as stale ({@code ABORTED}, {@code ETAG_MISMATCH}) instead of
 * being refused as malformed: to the client, both mean "read it again".
 */
public final class Etags {

  private Etags() {}

  /** The etag of {@code version}. */
  public static String of(long version) {
    return Long.toString(version);
  }

  /** The version {@code etag} names; empty for no etag. */
  public static OptionalLong expectedVersion(String etag) {
    if (etag == null || etag.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      long version = Long.parseLong(etag);
      return OptionalLong.of(version >= 1 ? version : -1);
    } catch (NumberFormatException notOurs) {
      return OptionalLong.of(-1);
    }
  }
}
