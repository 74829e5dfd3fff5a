package dev.fieldops.support.bootstrap;

import dev.fieldops.config.ConfigException;
import dev.fieldops.config.Durations;
import dev.fieldops.config.Environment;
import dev.fieldops.support.adapter.postgres.TicketCache;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.sla.SlaPolicy;
import dev.fieldops.support.domain.ticket.SlaTargets;
import dev.fieldops.support.domain.ticket.TicketPriority;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Customer support's own settings, read from the environment; every other setting (database, NATS,
 * gRPC, auth) belongs to the platform runtime.
 *
 * <ul>
 *   <li>{@code SUPPORT_SLA_<TIER>_<PRIORITY>} = {@code <first response>/<resolution>}, e.g. {@code
 *       SUPPORT_SLA_PREMIUM_URGENT=15m/4h}: replaces one cell of the SLA table ({@link
 *       SlaPolicy#defaults()}); durations as {@link Durations} reads them ({@code 90s}, {@code
 *       15m}, {@code 4h}, {@code 3d} or ISO-8601 {@code PT15M}).
 *   <li>{@code SUPPORT_SLA_SCAN_INTERVAL}: pause between two SLA breach scans, default 30s.
 *   <li>{@code SUPPORT_SLA_SCAN_BATCH}: tickets one scan transaction round looks at, default 200.
 *   <li>{@code SUPPORT_TICKET_CACHE_SIZE}: ticket snapshots kept in memory for {@code GetTicket}
 *       and {@code ListTickets} (see {@code TicketCache}), default 50000; 0 reads every ticket from
 *       the database.
 *   <li>{@code SUPPORT_TICKET_CACHE_SERVES}: {@code all} (default: {@code GetTicket} and {@code
 *       ListTickets}, for a single instance) or {@code listings} (only {@code ListTickets} pages,
 *       exact with replicas; {@code GetTicket} reads the database).
 * </ul>
 *
 * A {@code SUPPORT_SLA_…} variable that names no tier and priority is refused rather than ignored,
 * so a typo cannot silently leave a promise at its default.
 */
public record CustomerSupportConfig(
    SlaPolicy slaPolicy,
    Duration slaScanInterval,
    int slaScanBatch,
    int ticketCacheSize,
    TicketCache.Serves ticketCacheServes) {

  public static final String SLA_PREFIX = "SUPPORT_SLA_";
  public static final String SCAN_INTERVAL = "SUPPORT_SLA_SCAN_INTERVAL";
  public static final String SCAN_BATCH = "SUPPORT_SLA_SCAN_BATCH";
  public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofSeconds(30);
  public static final int DEFAULT_SCAN_BATCH = 200;
  public static final String TICKET_CACHE_SIZE = "SUPPORT_TICKET_CACHE_SIZE";
  public static final int DEFAULT_TICKET_CACHE_SIZE = 50_000;
  public static final String TICKET_CACHE_SERVES = "SUPPORT_TICKET_CACHE_SERVES";

  private static final String TARGETS_EXPECTED =
      "<first response>/<resolution> such as 15m/4h: a positive first response, a resolution"
          + " not shorter, each a duration such as "
          + Durations.EXAMPLES;

  public CustomerSupportConfig {
    Objects.requireNonNull(slaPolicy, "slaPolicy");
    Objects.requireNonNull(slaScanInterval, "slaScanInterval");
    Objects.requireNonNull(ticketCacheServes, "ticketCacheServes");
    if (ticketCacheSize < 0) {
      throw new IllegalArgumentException("ticketCacheSize must be >= 0: " + ticketCacheSize);
    }
  }

  /**
   * @throws IllegalArgumentException naming the variable whose value is unusable
   */
  public static CustomerSupportConfig fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    var policy = SlaPolicy.defaults();
    for (String name : new TreeSet<>(env.keySet())) {
      if (!name.startsWith(SLA_PREFIX) || name.equals(SCAN_INTERVAL) || name.equals(SCAN_BATCH)) {
        continue;
      }
      var raw = values.string(name);
      if (raw.isEmpty()) {
        continue;
      }
      var cell = name.substring(SLA_PREFIX.length());
      var tier = tierOf(name, raw.get(), cell);
      var priority = TicketPriority.valueOf(cell.substring(tier.name().length() + 1));
      var targets = values.value(name, TARGETS_EXPECTED, CustomerSupportConfig::targets);
      policy = policy.with(tier, priority, targets.orElseThrow());
    }
    var interval =
        values.duration(
            SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL, Duration.ofMillis(10), Duration.ofHours(1));
    int batch = values.integer(SCAN_BATCH, DEFAULT_SCAN_BATCH, 1, 10_000);
    int cacheSize = values.integer(TICKET_CACHE_SIZE, DEFAULT_TICKET_CACHE_SIZE, 0, 10_000_000);
    var serves =
        values
            .value(
                TICKET_CACHE_SERVES,
                "all (GetTicket and ListTickets) or listings (ListTickets only)",
                raw ->
                    switch (raw) {
                      case "all" -> TicketCache.Serves.ALL;
                      case "listings" -> TicketCache.Serves.LISTINGS;
                      default -> throw new IllegalArgumentException(raw);
                    })
            .orElse(TicketCache.Serves.ALL);
    return new CustomerSupportConfig(policy, interval, batch, cacheSize, serves);
  }

  private static SupportTier tierOf(String name, String raw, String cell) {
    for (var tier : SupportTier.values()) {
      for (var priority : TicketPriority.values()) {
        if (cell.equals(tier.name() + "_" + priority.name())) {
          return tier;
        }
      }
    }
    throw ConfigException.invalid(
        name,
        raw,
        "no such variable: it names no cell of the SLA table, which are "
            + SLA_PREFIX
            + "<BASIC|STANDARD|PREMIUM>_<LOW|NORMAL|HIGH|URGENT>");
  }

  private static SlaTargets targets(String raw) {
    var parts = raw.split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("not <first response>/<resolution>");
    }
    return new SlaTargets(Durations.parse(parts[0]), Durations.parse(parts[1]));
  }
}
