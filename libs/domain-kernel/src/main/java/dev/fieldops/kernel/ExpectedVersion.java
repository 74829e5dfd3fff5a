package dev.fieldops.kernel;

import java.util.Objects;

/**
 * The version of an aggregate a caller based a change on (the version its etag names, AIP-154), or
 * "any version" when it sent no etag. Every context checks it the same way, under the lock that
 * guards the change, so that a stale etag can never slip past a concurrent change: a caller that
 * acted on what is no longer current learns {@code ETAG_MISMATCH} and nothing changes.
 */
public final class ExpectedVersion {

  private static final ExpectedVersion ANY = new ExpectedVersion(false, 0);

  private final boolean named;
  private final long version;

  private ExpectedVersion(boolean named, long version) {
    this.named = named;
    this.version = version;
  }

  /** No etag: the change applies to whatever version is current. */
  public static ExpectedVersion any() {
    return ANY;
  }

  /** The caller's etag named {@code version}. */
  public static ExpectedVersion of(long version) {
    return new ExpectedVersion(true, version);
  }

  /** True when the caller named no version. */
  public boolean isAny() {
    return !named;
  }

  /**
   * The version the caller named.
   *
   * @throws IllegalStateException when it named none ({@link #isAny()})
   */
  public long version() {
    if (!named) {
      throw new IllegalStateException("no version was named");
    }
    return version;
  }

  /** True when the caller named no version or exactly {@code currentVersion}. */
  public boolean matches(long currentVersion) {
    return !named || version == currentVersion;
  }

  /**
   * Lets the change go ahead only if it was based on {@code currentVersion}.
   *
   * @param resource the resource's name in the error ({@code ticket}); the metadata key is {@code
   *     <resource>_id}
   * @param id the resource's id in the error
   * @throws ConcurrencyConflictException {@code ETAG_MISMATCH} when the caller named another
   *     version
   */
  public void requireCurrent(long currentVersion, String resource, String id) {
    if (!matches(currentVersion)) {
      throw ConcurrencyConflictException.etagMismatch(resource, id);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExpectedVersion that && named == that.named && version == that.version;
  }

  @Override
  public int hashCode() {
    return Objects.hash(named, version);
  }

  @Override
  public String toString() {
    return named ? "ExpectedVersion[" + version + "]" : "ExpectedVersion[any]";
  }
}
