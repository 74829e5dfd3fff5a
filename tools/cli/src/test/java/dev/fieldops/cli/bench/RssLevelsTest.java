package dev.fieldops.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RssLevelsTest {

  private static final String SUPPORT = "customer-support";
  private static final long FIVE_SECONDS = 5_000;
  private static final long TEN_MINUTES = 600_000;

  /** Samples every 5 s from 0 to {@code span}, each {@code mb.at(millis)}. */
  private static RssLevels sampled(long span, java.util.function.LongToDoubleFunction mb) {
    var levels = new RssLevels();
    for (long at = 0; at <= span; at += FIVE_SECONDS) {
      levels.add(at, Map.of(SUPPORT, mb.applyAsDouble(at)));
    }
    return levels;
  }

  @Test
  void a_swing_at_either_end_is_not_growth() {
    // Flat at 241 MB, but the first sample and the last two caught the JIT's transient memory (as
    // the soak of 2026-12-07 did: 247 at the warm-up's end, 260 after the drain).
    var levels =
        sampled(TEN_MINUTES, at -> at == 0 || at >= TEN_MINUTES - FIVE_SECONDS ? 258 : 241);

    var growth = levels.growth(SUPPORT, 0, TEN_MINUTES).orElseThrow();

    assertThat(growth.before()).isEqualTo(241.0);
    assertThat(growth.after()).isEqualTo(241.0);
    assertThat(growth.percent()).isZero();
    assertThat(growth.windowMillis()).isEqualTo(RssLevels.WINDOW_MILLIS);
    assertThat(growth.samplesBefore()).isEqualTo(13);
    assertThat(growth.samplesAfter()).isEqualTo(13);
    assertThat(growth.judged()).isTrue();
  }

  @Test
  void memory_the_process_keeps_is_growth() {
    // 200 MB rising steadily to 240 MB: a leak of 4 MB a minute.
    var levels = sampled(TEN_MINUTES, at -> 200 + 40.0 * at / TEN_MINUTES);

    var growth = levels.growth(SUPPORT, 0, TEN_MINUTES).orElseThrow();

    assertThat(growth.before()).isEqualTo(202.0, within(0.01));
    assertThat(growth.after()).isEqualTo(238.0, within(0.01));
    assertThat(growth.percent()).isGreaterThan(5);
  }

  @Test
  void a_short_span_uses_a_quarter_of_it_at_each_end() {
    var levels = sampled(60_000, at -> at < 15_000 ? 200 : at > 45_000 ? 230 : 215);

    var growth = levels.growth(SUPPORT, 0, 60_000).orElseThrow();

    assertThat(growth.windowMillis()).isEqualTo(15_000);
    assertThat(growth.before()).isEqualTo(200.0);
    assertThat(growth.after()).isEqualTo(230.0);
    assertThat(growth.percent()).isEqualTo(15.0, within(1e-9));
    // Four samples a window: where the swing was, not a level. Reported, not judged.
    assertThat(growth.judged()).isFalse();
  }

  @Test
  void four_minutes_are_the_shortest_span_judged() {
    var levels = sampled(TEN_MINUTES, at -> 240);

    assertThat(RssLevels.SHORTEST_JUDGED_SPAN_MILLIS).isEqualTo(4 * 60_000);
    assertThat(levels.growth(SUPPORT, 0, 4 * 60_000).orElseThrow().judged()).isTrue();
    assertThat(levels.growth(SUPPORT, 0, 4 * 60_000 - 1).orElseThrow().judged()).isFalse();
  }

  @Test
  void only_the_span_counts() {
    var levels = sampled(TEN_MINUTES, at -> at < 60_000 || at > 540_000 ? 400 : 250);

    var growth = levels.growth(SUPPORT, 120_000, 480_000).orElseThrow();

    assertThat(growth.before()).isEqualTo(250.0);
    assertThat(growth.after()).isEqualTo(250.0);
  }

  @Test
  void a_span_without_samples_has_no_growth_and_unreadable_samples_are_not_levels() {
    var levels = new RssLevels();
    levels.add(0, Map.of(SUPPORT, Double.NaN));
    levels.add(5_000, Map.of("telemetry", 300.0));

    assertThat(levels.growth(SUPPORT, 0, 10_000)).isEmpty();
    assertThat(levels.growth("telemetry", 10_000, 20_000)).isEmpty();
    assertThat(levels.growth("telemetry", 0, 10_000).orElseThrow().percent()).isZero();
  }

  @Test
  void a_span_shorter_than_its_sampling_falls_back_to_the_nearest_samples() {
    var levels = new RssLevels();
    levels.add(3_000, Map.of(SUPPORT, 200.0));
    levels.add(7_000, Map.of(SUPPORT, 220.0));

    // Windows of 2.5 s at each end of [0, 10 s] hold no sample.
    var growth = levels.growth(SUPPORT, 0, 10_000).orElseThrow();

    assertThat(growth.samplesBefore()).isEqualTo(1);
    assertThat(growth.samplesAfter()).isEqualTo(1);
    assertThat(growth.before()).isEqualTo(200.0);
    assertThat(growth.after()).isEqualTo(220.0);
  }
}
