package dev.fieldops.grpc.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deny list of revoked tokens, by their {@code jti} claim, read from a file ({@code
 * AUTH_REVOKED_TOKENS_FILE}): one token id per line, blank lines and lines starting with {@code #}
 * ignored. The file is looked at again at most every {@link #DEFAULT_CHECK_INTERVAL} (on the call
 * path, a file-status check) and re-read when its modification time or size changed, so a
 * revocation takes effect within seconds, without a restart.
 *
 * <p>Why a deny list on top of short lifetimes ({@link TokenLifetimes}): a staff member's stolen
 * token must stop working now, not at the end of its day; a device's token lives 30 days. An entry
 * is needed only until the token's own {@code exp} (at most the kind's maximum lifetime), so the
 * list stays short. A file that cannot be read at start fails the start; one that disappears or
 * turns unreadable later keeps the last list (a warning says so), so revocations are not lost by a
 * botched edit.
 */
public final class RevokedTokens {

  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(2);

  /** No deny list: nothing is revoked. */
  public static final RevokedTokens NONE =
      new RevokedTokens(null, Duration.ZERO, Clock.systemUTC());

  private static final Logger log = LoggerFactory.getLogger(RevokedTokens.class);

  private final Path file;
  private final Duration checkInterval;
  private final Clock clock;
  private final Object lock = new Object();
  private volatile Set<String> revoked = Set.of();
  private volatile Instant nextCheck = Instant.MIN;
  private FileTime seenModified;
  private long seenSize = -1;

  private RevokedTokens(Path file, Duration checkInterval, Clock clock) {
    this.file = file;
    this.checkInterval = checkInterval;
    this.clock = clock;
  }

  /**
   * The deny list in {@code file}, read now.
   *
   * @throws IllegalArgumentException naming AUTH_REVOKED_TOKENS_FILE when it cannot be read
   */
  public static RevokedTokens fromFile(Path file, Duration checkInterval, Clock clock) {
    var tokens =
        new RevokedTokens(
            Objects.requireNonNull(file, "file"),
            Objects.requireNonNull(checkInterval, "checkInterval"),
            Objects.requireNonNull(clock, "clock"));
    try {
      tokens.reload();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "AUTH_REVOKED_TOKENS_FILE: cannot read '" + file + "': " + e.getMessage(), e);
    }
    return tokens;
  }

  public static RevokedTokens fromFile(Path file) {
    return fromFile(file, DEFAULT_CHECK_INTERVAL, Clock.systemUTC());
  }

  /** Whether the token with this {@code jti} is revoked (null: a token without an id is not). */
  public boolean isRevoked(String jti) {
    return jti != null && revoked.contains(jti);
  }

  /** Re-reads the file if the check interval has passed and it changed. */
  public void refresh() {
    if (file == null) {
      return;
    }
    Instant now = clock.instant();
    if (now.isBefore(nextCheck)) {
      return;
    }
    synchronized (lock) {
      if (now.isBefore(nextCheck)) {
        return;
      }
      nextCheck = now.plus(checkInterval);
      try {
        reload();
      } catch (IOException e) {
        log.warn(
            "cannot re-read the revoked tokens in {} ({}); keeping the {} revocations read before",
            file,
            e.toString(),
            revoked.size());
      }
    }
  }

  /** How many token ids are revoked now. */
  public int size() {
    return revoked.size();
  }

  private void reload() throws IOException {
    synchronized (lock) {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      if (modified.equals(seenModified) && size == seenSize) {
        return;
      }
      Set<String> ids = new HashSet<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String id = line.strip();
        if (!id.isEmpty() && !id.startsWith("#")) {
          ids.add(id);
        }
      }
      revoked = Set.copyOf(ids);
      seenModified = modified;
      seenSize = size;
      log.info("revoked tokens: {} ids from {}", ids.size(), file);
    }
  }
}
