package dev.fieldops.support.domain.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TicketNumberSequence} must do. Extended by the in-memory fake's test and by the
 * database adapter's integration test. Each test draws in a year of its own (far in the future), so
 * the suite also runs against a database that earlier tests already used.
 */
public abstract class TicketNumberSequenceContract {

  /** The sequence under test. */
  protected abstract TicketNumberSequence sequence();

  private final Year year = Year.of(ThreadLocalRandom.current().nextInt(2200, 9999));

  @Test
  void every_year_starts_at_one_and_counts_up() {
    assertThat(sequence().next(year)).isEqualTo(new TicketNumber(year, 1));
    assertThat(sequence().next(year)).isEqualTo(new TicketNumber(year, 2));
    assertThat(sequence().next(year)).isEqualTo(new TicketNumber(year, 3));
  }

  @Test
  void years_count_independently() {
    var nextYear = year.plusYears(1);
    sequence().next(year);
    sequence().next(year);

    assertThat(sequence().next(nextYear)).isEqualTo(new TicketNumber(nextYear, 1));
    assertThat(sequence().next(year)).isEqualTo(new TicketNumber(year, 3));
  }

  @Test
  void concurrent_draws_never_hand_out_a_number_twice() throws Exception {
    int threads = 4;
    int drawsEach = 25;
    List<Callable<List<TicketNumber>>> drawers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      drawers.add(
          () -> {
            var drawn = new ArrayList<TicketNumber>();
            for (int i = 0; i < drawsEach; i++) {
              drawn.add(sequence().next(year));
            }
            return drawn;
          });
    }
    var all = new ArrayList<TicketNumber>();
    try (var executor = Executors.newFixedThreadPool(threads)) {
      for (var result : executor.invokeAll(drawers)) {
        var drawn = result.get();
        assertThat(drawn).isSortedAccordingTo(TicketNumber::compareTo);
        all.addAll(drawn);
      }
    }

    assertThat(all).hasSize(threads * drawsEach).doesNotHaveDuplicates();
  }
}
