package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Ticker ticker = nanos::get;

  @Test
  void the_syntax_reads_rate_unit_and_optional_burst() {
    assertThat(RateLimit.parse("100/s")).isEqualTo(RateLimit.perSecond(100, 100));
    assertThat(RateLimit.parse("600/m:50"))
        .isEqualTo(new RateLimit(600, Duration.ofMinutes(1), 50));
    assertThat(RateLimit.parse("3600/h")).isEqualTo(new RateLimit(3600, Duration.ofHours(1), 1));
    assertThat(RateLimit.parse("1/m")).isEqualTo(new RateLimit(1, Duration.ofMinutes(1), 1));
    assertThat(RateLimit.parse("off").enabled()).isFalse();
    assertThat(RateLimit.parse("0").enabled()).isFalse();
    assertThat(RateLimit.parse("600/m:50")).hasToString("600/m:50");
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "100", "100/d", "0/s", "10/s:0", "-1/s", "100 / s", "1/s:"})
  void anything_else_stops_the_start_naming_the_variable(String value) {
    assertThatThrownBy(() -> AbuseLimits.fromEnvironment(Map.of("RATE_LIMIT_WRITES", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RATE_LIMIT_WRITES")
        .hasMessageContaining("RATE/UNIT[:BURST]");
  }

  @Test
  void the_defaults_limit_every_class_and_age_connections() {
    AbuseLimits defaults = AbuseLimits.defaults();

    assertThat(defaults.rateOf(CallClass.READS)).isEqualTo(RateLimit.perSecond(200, 400));
    assertThat(defaults.rateOf(CallClass.WATCH)).isEqualTo(defaults.reads());
    assertThat(defaults.rateOf(CallClass.WRITES)).isEqualTo(RateLimit.perSecond(100, 200));
    assertThat(defaults.rateOf(CallClass.INGEST)).isEqualTo(RateLimit.perSecond(1000, 2000));
    assertThat(defaults.maxConnectionAge()).isEqualTo(Duration.ofMinutes(30));
    assertThat(
            AbuseLimits.fromEnvironment(Map.of("GRPC_MAX_CONNECTION_AGE", "0")).maxConnectionAge())
        .isZero();
  }

  @Test
  void a_bucket_lets_its_burst_through_then_one_call_per_refill() {
    var buckets = new TokenBuckets(RateLimit.perSecond(10, 3), ticker);

    assertThat(buckets.tryTake("customer:a")).isZero();
    assertThat(buckets.tryTake("customer:a")).isZero();
    assertThat(buckets.tryTake("customer:a")).isZero();
    // empty: the next token comes 100 ms after the last refill point
    assertThat(buckets.tryTake("customer:a")).isEqualTo(100_000_000L);
    nanos.addAndGet(40_000_000L);
    assertThat(buckets.tryTake("customer:a")).isEqualTo(60_000_000L);
    nanos.addAndGet(60_000_000L);
    assertThat(buckets.tryTake("customer:a")).isZero();
    // another key has its own full bucket
    assertThat(buckets.tryTake("customer:b")).isZero();
  }

  @Test
  void a_bucket_never_holds_more_than_its_burst() {
    var buckets = new TokenBuckets(RateLimit.perSecond(10, 2), ticker);
    buckets.tryTake("device:d");
    nanos.addAndGet(Duration.ofHours(1).toNanos());

    assertThat(buckets.tryTake("device:d")).isZero();
    assertThat(buckets.tryTake("device:d")).isZero();
    assertThat(buckets.tryTake("device:d")).isPositive();
  }

  @Test
  void an_off_limit_never_refuses() {
    var buckets = new TokenBuckets(RateLimit.OFF, ticker);
    for (int i = 0; i < 10_000; i++) {
      assertThat(buckets.tryTake("staff:ada")).isZero();
    }
  }
}
