package dev.fieldops.test.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmUpTest {

  @Test
  void one_pass_runs_even_when_no_time_is_left_and_the_outcome_counts_it() throws Exception {
    AtomicInteger runs = new AtomicInteger();

    WarmUp.Outcome outcome = WarmUp.untilCompiled(runs::incrementAndGet, 0.000_001, Duration.ZERO);

    assertThat(runs).hasValue(1);
    assertThat(outcome.passes()).isOne();
    assertThat(outcome.describe()).startsWith("1 passes in ");
  }

  @Test
  void a_share_outside_one_core_is_refused() {
    assertThatThrownBy(() -> WarmUp.untilCompiled(() -> {}, 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WarmUp.untilCompiled(() -> {}, 1.5, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_failing_pass_ends_the_warm_up_with_its_failure() {
    assertThatThrownBy(
            () ->
                WarmUp.untilCompiled(
                    () -> {
                      throw new IllegalStateException("the service refused");
                    },
                    0.1,
                    Duration.ofSeconds(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the service refused");
  }
}
