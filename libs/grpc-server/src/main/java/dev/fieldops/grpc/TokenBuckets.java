package dev.fieldops.grpc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * One token bucket per key (a principal), all of one {@link RateLimit}, in bounded memory: a bucket
 * is dropped once it has been idle long enough to be full again, which is exactly the state a new
 * bucket starts in, so forgetting it gives no caller more than it would have had; beyond {@link
 * #MAX_KEYS} keys the least recently used go first.
 *
 * <p>A bucket refills continuously (one token every {@code period / tokens}) up to {@code burst}; a
 * call takes one token or is told how long until the next one.
 */
final class TokenBuckets {

  static final long MAX_KEYS = 100_000;

  private final RateLimit limit;
  private final Ticker ticker;
  private final Cache<String, Bucket> buckets;

  TokenBuckets(RateLimit limit, Ticker ticker) {
    this.limit = Objects.requireNonNull(limit, "limit");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    // an idle bucket is full again after this long (an off limit keeps no buckets at all)
    Duration refill =
        limit.enabled()
            ? Duration.ofNanos(Math.multiplyExact(limit.nanosPerToken(), limit.burst()))
            : Duration.ZERO;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterAccess(
                refill.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : refill)
            .ticker(ticker)
            .build();
  }

  /**
   * Takes a token from {@code key}'s bucket.
   *
   * @return 0 when the call may go ahead, else the nanoseconds until a token is there
   */
  long tryTake(String key) {
    if (!limit.enabled()) {
      return 0;
    }
    long now = ticker.read();
    Bucket bucket = buckets.get(key, k -> new Bucket(limit.burst(), now));
    return bucket.tryTake(now, limit.nanosPerToken(), limit.burst());
  }

  /**
   * Tokens are counted in nanoseconds of refill time: {@code credit} is how much refill time the
   * bucket holds, at most {@code burst × nanosPerToken}; a call spends {@code nanosPerToken}.
   */
  private static final class Bucket {
    private long credit;
    private long updated;

    Bucket(long burst, long now) {
      this.credit = Long.MAX_VALUE;
      this.updated = now;
    }

    synchronized long tryTake(long now, long nanosPerToken, long burst) {
      long capacity = Math.multiplyExact(nanosPerToken, burst);
      long elapsed = Math.max(0, now - updated);
      credit = credit >= capacity - elapsed ? capacity : credit + elapsed;
      updated = now;
      if (credit >= nanosPerToken) {
        credit -= nanosPerToken;
        return 0;
      }
      return nanosPerToken - credit;
    }
  }
}
