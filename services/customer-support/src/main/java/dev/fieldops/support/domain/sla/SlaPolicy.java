package dev.fieldops.support.domain.sla;

import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.ticket.SlaTargets;
import dev.fieldops.support.domain.ticket.SlaTargetsLookup;
import dev.fieldops.support.domain.ticket.TicketPriority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The SLA table: first-response and resolution targets for every support tier × ticket priority.
 * Every one of the twelve combinations must be present, so no ticket can be opened without a
 * promise. Targets are wall-clock durations (around the clock).
 *
 * <p>The {@linkplain #defaults() default table}:
 *
 * <table>
 *   <caption>first response / resolution</caption>
 *   <tr><th></th><th>URGENT</th><th>HIGH</th><th>NORMAL</th><th>LOW</th></tr>
 *   <tr><th>PREMIUM</th><td>15 min / 4 h</td><td>30 min / 8 h</td><td>1 h / 24 h</td>
 *       <td>4 h / 3 days</td></tr>
 *   <tr><th>STANDARD</th><td>30 min / 8 h</td><td>1 h / 24 h</td><td>4 h / 3 days</td>
 *       <td>8 h / 5 days</td></tr>
 *   <tr><th>BASIC</th><td>1 h / 24 h</td><td>4 h / 3 days</td><td>8 h / 5 days</td>
 *       <td>24 h / 10 days</td></tr>
 * </table>
 */
public record SlaPolicy(Map<SupportTier, Map<TicketPriority, SlaTargets>> table)
    implements SlaTargetsLookup {

  private static final SlaPolicy DEFAULTS =
      new SlaPolicy(
          Map.of(
              SupportTier.PREMIUM,
              Map.of(
                  TicketPriority.URGENT, targets(Duration.ofMinutes(15), Duration.ofHours(4)),
                  TicketPriority.HIGH, targets(Duration.ofMinutes(30), Duration.ofHours(8)),
                  TicketPriority.NORMAL, targets(Duration.ofHours(1), Duration.ofHours(24)),
                  TicketPriority.LOW, targets(Duration.ofHours(4), Duration.ofDays(3))),
              SupportTier.STANDARD,
              Map.of(
                  TicketPriority.URGENT, targets(Duration.ofMinutes(30), Duration.ofHours(8)),
                  TicketPriority.HIGH, targets(Duration.ofHours(1), Duration.ofHours(24)),
                  TicketPriority.NORMAL, targets(Duration.ofHours(4), Duration.ofDays(3)),
                  TicketPriority.LOW, targets(Duration.ofHours(8), Duration.ofDays(5))),
              SupportTier.BASIC,
              Map.of(
                  TicketPriority.URGENT, targets(Duration.ofHours(1), Duration.ofHours(24)),
                  TicketPriority.HIGH, targets(Duration.ofHours(4), Duration.ofDays(3)),
                  TicketPriority.NORMAL, targets(Duration.ofHours(8), Duration.ofDays(5)),
                  TicketPriority.LOW, targets(Duration.ofHours(24), Duration.ofDays(10)))));

  public SlaPolicy {
    Objects.requireNonNull(table, "table");
    var copy = new EnumMap<SupportTier, Map<TicketPriority, SlaTargets>>(SupportTier.class);
    for (var tier : SupportTier.values()) {
      var row = table.get(tier);
      if (row == null) {
        throw new IllegalArgumentException("the SLA table has no row for tier " + tier);
      }
      var rowCopy = new EnumMap<TicketPriority, SlaTargets>(TicketPriority.class);
      for (var priority : TicketPriority.values()) {
        var targets = row.get(priority);
        if (targets == null) {
          throw new IllegalArgumentException(
              "the SLA table has no targets for " + tier + " × " + priority);
        }
        rowCopy.put(priority, targets);
      }
      copy.put(tier, Map.copyOf(rowCopy));
    }
    table = Map.copyOf(copy);
  }

  /** The documented default table (see the class comment). */
  public static SlaPolicy defaults() {
    return DEFAULTS;
  }

  /** This table with one cell replaced, for configuration that overrides some defaults. */
  public SlaPolicy with(SupportTier tier, TicketPriority priority, SlaTargets targets) {
    var copy = new EnumMap<SupportTier, Map<TicketPriority, SlaTargets>>(table);
    var row = new EnumMap<TicketPriority, SlaTargets>(table.get(tier));
    row.put(priority, targets);
    copy.put(tier, row);
    return new SlaPolicy(copy);
  }

  @Override
  public SlaTargets targetsFor(SupportTier tier, TicketPriority priority) {
    return table.get(tier).get(priority);
  }

  private static SlaTargets targets(Duration firstResponse, Duration resolution) {
    return new SlaTargets(firstResponse, resolution);
  }
}
