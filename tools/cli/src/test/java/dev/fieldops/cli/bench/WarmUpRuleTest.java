package dev.fieldops.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmUpRuleTest {

  private static final WarmUpRule RULE = WarmUpRule.untilCompiled();

  @Test
  void the_default_warm_up_lasts_at_least_a_minute_however_quiet_the_compilers() {
    assertThat(RULE.endsAt(Duration.ofSeconds(59), 0.0)).isFalse();
    assertThat(RULE.endsAt(Duration.ofSeconds(60), 0.0)).isTrue();
  }

  @Test
  void after_its_shortest_length_it_ends_when_the_compilers_rest() {
    assertThat(RULE.endsAt(Duration.ofSeconds(90), 0.45)).as("C2 still busy").isFalse();
    assertThat(RULE.endsAt(Duration.ofSeconds(90), 0.10)).as("at the bound").isFalse();
    assertThat(RULE.endsAt(Duration.ofSeconds(90), 0.09)).isTrue();
    assertThat(RULE.endsAt(Duration.ofSeconds(90), Double.NaN)).as("no span seen yet").isFalse();
  }

  @Test
  void it_ends_at_its_longest_whatever_the_compilers_do() {
    assertThat(RULE.endsAt(Duration.ofMinutes(5), 0.9)).isTrue();
    assertThat(RULE.endsAt(Duration.ofMinutes(5), Double.NaN)).isTrue();
  }

  @Test
  void a_fixed_warm_up_ends_at_its_length() {
    var fixed = WarmUpRule.fixed(Duration.ofMinutes(2));
    assertThat(fixed.isFixed()).isTrue();
    assertThat(fixed.endsAt(Duration.ofSeconds(119), Double.NaN)).isFalse();
    assertThat(fixed.endsAt(Duration.ofSeconds(120), Double.NaN)).isTrue();
    assertThat(fixed.describe()).isEqualTo("2m warm-up");
    assertThat(RULE.isFixed()).isFalse();
    assertThat(RULE.describe()).contains("JIT compilers", "1m", "5m");
  }

  @Test
  void a_longest_length_below_the_shortest_is_refused() {
    assertThatThrownBy(
            () -> new WarmUpRule(Duration.ofMinutes(2), Duration.ofMinutes(1), 0.1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
