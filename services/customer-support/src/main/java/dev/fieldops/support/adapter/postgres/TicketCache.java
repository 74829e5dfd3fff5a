package dev.fieldops.support.adapter.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fieldops.jooq.ChannelListener;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.ticket.TicketId;
import dev.fieldops.support.domain.ticket.TicketSnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recently read ticket snapshots, kept in this process so that {@code GetTicket} of a ticket read
 * before costs no database round trip, and a {@code ListTickets} page reads only the ids and
 * versions of its tickets ({@link #getAll}). It answers only while it hears every change:
 *
 * <ul>
 *   <li>A trigger announces each committed change of a ticket row (V3, channel {@value #CHANNEL},
 *       whoever made it: this instance, another one, hand-written SQL); the snapshot of an older
 *       version is dropped when the announcement arrives.
 *   <li>Changes made through this instance are dropped as soon as they commit ({@link #changed}),
 *       before the RPC that made them answers: a client reads its own writes.
 *   <li>While the listen connection is down nothing is served or kept; whatever was kept is dropped
 *       when it fails and again when it is back, since announcements in between are lost.
 *   <li>A snapshot read from the database while a change of that ticket was announced is not kept
 *       (it may predate the change): each change bumps a counter of the ticket's stripe, and a fill
 *       is kept only if its stripe's counter did not move since before the read.
 * </ul>
 *
 * <p>A change made through another instance is therefore seen here once its announcement arrived:
 * PostgreSQL delivers it right after the commit, typically within milliseconds. Writes stay safe
 * regardless: every change is checked against the etag (version) the client sent.
 */
public final class TicketCache implements AutoCloseable {

  /** The notification channel of V3's trigger. */
  public static final String CHANNEL = "ticket_changed";

  private static final Logger log = LoggerFactory.getLogger(TicketCache.class);
  private static final int STRIPES = 4096;
  private static final Duration VALIDATE_AFTER = Duration.ofSeconds(1);

  /** What the cache answers from memory. */
  public enum Serves {
    /**
     * {@code GetTicket} and {@code ListTickets} pages: one instance, whose own changes drop its
     * copies before they are answered, and whose {@code GetTicket} sees another writer's change
     * once its announcement arrived.
     */
    ALL,
    /**
     * {@code ListTickets} pages only, which take a ticket from memory only at the version the
     * database lists: exact however many replicas write. {@code GetTicket} reads the database (and
     * keeps what it read for the listings).
     */
    LISTINGS
  }

  private final Cache<TicketId, TicketSnapshot> snapshots;
  private final Serves serves;
  private final AtomicLongArray changesPerStripe = new AtomicLongArray(STRIPES);
  private final ChannelListener listener;
  // Bumped whenever the listen connection comes or goes: fills that began before are not kept.
  private volatile long epoch;
  private volatile boolean hearing;
  private final AtomicLong connectionsLost = new AtomicLong();
  private final AtomicLong rereads = new AtomicLong();

  private TicketCache(long maximumSize, Serves serves, DatabaseConfig database) {
    this.serves = serves;
    this.snapshots =
        maximumSize == 0
            ? null
            : Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
    this.listener =
        database == null
            ? null
            : new ChannelListener(database, CHANNEL, VALIDATE_AFTER, new Announcements());
  }

  /**
   * A cache of at most {@code maximumSize} snapshots, listening on its own connection to {@code
   * database}; 0 turns caching off.
   */
  public static TicketCache start(long maximumSize, DatabaseConfig database) {
    return start(maximumSize, Serves.ALL, database);
  }

  /**
   * A cache of at most {@code maximumSize} snapshots answering what {@code serves} says, listening
   * on its own connection to {@code database}; 0 turns caching off.
   */
  public static TicketCache start(long maximumSize, Serves serves, DatabaseConfig database) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximumSize must be >= 0: " + maximumSize);
    }
    if (maximumSize == 0) {
      return disabled();
    }
    var cache = new TicketCache(maximumSize, serves, database);
    cache.listener.start("ticket-cache-listener");
    return cache;
  }

  /** No caching: every read goes to the database. */
  public static TicketCache disabled() {
    return new TicketCache(0, Serves.ALL, null);
  }

  /** A cache that is told by hand what a listener would hear, for tests. */
  static TicketCache withoutListener(long maximumSize) {
    return withoutListener(maximumSize, Serves.ALL);
  }

  /**
   * A cache that is told by hand what a listener would hear, answering what {@code serves} says.
   */
  static TicketCache withoutListener(long maximumSize, Serves serves) {
    return new TicketCache(maximumSize, serves, null);
  }

  /**
   * Registers the cache's meters with {@code registry}: Caffeine's ({@code cache_gets_total} by
   * {@code result} hit or miss, one per ticket a GetTicket or a listing looked up, {@code
   * cache_size}, {@code cache_evictions_total}, ... with {@code cache="tickets"}), and whether it
   * serves ({@code fieldops_support_ticket_cache_serving}, 0 or 1), how often it lost its listen
   * connection, and how many pages were read again whole because a ticket changed after its
   * listing. Returns this cache.
   */
  public TicketCache registerMeters(MeterRegistry registry) {
    if (snapshots != null) {
      CaffeineCacheMetrics.monitor(registry, snapshots, "tickets");
    }
    Gauge.builder("fieldops.support.ticket.cache.serving", this, c -> c.serving() ? 1 : 0)
        .description("Whether ticket reads are served from memory (1) or all from the database (0)")
        .register(registry);
    FunctionCounter.builder(
            "fieldops.support.ticket.cache.connections.lost", connectionsLost, AtomicLong::get)
        .description("Times the ticket cache lost its listen connection and forgot what it kept")
        .register(registry);
    FunctionCounter.builder("fieldops.support.ticket.cache.rereads", rereads, AtomicLong::get)
        .description("ListTickets pages read again whole: a ticket changed after its listing")
        .register(registry);
    return this;
  }

  /** Whether reads are being served from memory now (enabled and hearing every change). */
  public boolean serving() {
    return snapshots != null && hearing;
  }

  /** How often the listen connection was lost. */
  long connectionsLost() {
    return connectionsLost.get();
  }

  /** How many snapshots are kept (approximately). */
  public long size() {
    return snapshots == null ? 0 : snapshots.estimatedSize();
  }

  /**
   * The kept snapshot of {@code id} if the caller's {@code scope} covers it and the cache serves
   * {@link Serves#ALL}, else {@code load}'s answer, kept for the next read when no change of the
   * ticket was announced meanwhile. {@code load} is the database read restricted to the same scope.
   */
  Optional<TicketSnapshot> get(
      TicketId id, CustomerScope scope, Supplier<Optional<TicketSnapshot>> load) {
    if (!serving()) {
      return load.get();
    }
    if (serves == Serves.ALL) {
      TicketSnapshot kept = snapshots.getIfPresent(id);
      if (kept != null) {
        // The same rule as the scoped query's WHERE clause: another customer's ticket is absent.
        return scope.permits(kept.customerId()) ? Optional.of(kept) : Optional.empty();
      }
    }
    long epochBefore = epoch;
    long changesBefore = changesOf(id);
    Optional<TicketSnapshot> loaded = load.get();
    loaded.ifPresent(snapshot -> keep(snapshot, epochBefore, changesBefore));
    return loaded;
  }

  /** A ticket and the version a listing found it at. */
  record Listed(TicketId id, long version) {}

  /**
   * The snapshots of {@code listed}, in its order, each at exactly the version listed: from memory
   * where the kept snapshot has that version (the same version is the same row), the others from
   * {@code load} (given their ids, answering the current rows in any order), which are then kept as
   * {@link #get} keeps a read. Empty when a loaded ticket is no longer at the listed version or
   * gone (it changed after the listing, which the caller then reads again as a whole), and when
   * nothing is served from memory. The listing's own scope applies: what it found, it may show.
   */
  Optional<List<TicketSnapshot>> getAll(
      List<Listed> listed, Function<List<TicketId>, List<TicketSnapshot>> load) {
    if (!serving()) {
      return Optional.empty();
    }
    var found = new TicketSnapshot[listed.size()];
    var missing = new ArrayList<TicketId>();
    for (int i = 0; i < found.length; i++) {
      var wanted = listed.get(i);
      TicketSnapshot kept = snapshots.getIfPresent(wanted.id());
      if (kept != null && kept.version() == wanted.version()) {
        found[i] = kept;
      } else {
        missing.add(wanted.id());
      }
    }
    if (!missing.isEmpty()) {
      long epochBefore = epoch;
      long[] changesBefore = new long[missing.size()];
      for (int j = 0; j < changesBefore.length; j++) {
        changesBefore[j] = changesOf(missing.get(j));
      }
      var loaded = new HashMap<TicketId, TicketSnapshot>();
      for (var snapshot : load.apply(missing)) {
        loaded.put(snapshot.id(), snapshot);
      }
      for (int j = 0; j < changesBefore.length; j++) {
        var snapshot = loaded.get(missing.get(j));
        if (snapshot != null) {
          keep(snapshot, epochBefore, changesBefore[j]);
        }
      }
      for (int i = 0; i < found.length; i++) {
        if (found[i] == null) {
          var wanted = listed.get(i);
          var snapshot = loaded.get(wanted.id());
          if (snapshot == null || snapshot.version() != wanted.version()) {
            rereads.incrementAndGet();
            return Optional.empty();
          }
          found[i] = snapshot;
        }
      }
    }
    return Optional.of(List.of(found));
  }

  /** The change count of {@code id}'s stripe, taken before a read that may be kept. */
  private long changesOf(TicketId id) {
    return changesPerStripe.get(stripe(id));
  }

  /**
   * Keeps {@code snapshot}, read from the database after {@code epochBefore} and its stripe's
   * {@code changesBefore} were taken, unless a change of its ticket was announced or the listen
   * connection came or went since: the read may predate what was announced.
   */
  private void keep(TicketSnapshot snapshot, long epochBefore, long changesBefore) {
    int stripe = stripe(snapshot.id());
    snapshots
        .asMap()
        .compute(
            snapshot.id(),
            (key, current) -> {
              // Read inside the entry's lock: a change announced after this check drops the
              // entry itself (its removal waits for the lock).
              if (!hearing
                  || epoch != epochBefore
                  || changesPerStripe.get(stripe) != changesBefore) {
                return current;
              }
              return current == null || current.version() < snapshot.version() ? snapshot : current;
            });
  }

  /**
   * A change of ticket {@code id} to {@code version} committed: forget older snapshots of it (and
   * keep no read that may predate it). {@code version} is {@link Long#MAX_VALUE} for a deletion.
   */
  public void changed(TicketId id, long version) {
    if (snapshots == null) {
      return;
    }
    changesPerStripe.incrementAndGet(stripe(id));
    snapshots
        .asMap()
        .computeIfPresent(id, (key, current) -> current.version() < version ? null : current);
  }

  private static int stripe(TicketId id) {
    return Math.floorMod(id.value().hashCode(), STRIPES);
  }

  private void forgetAll() {
    epoch++;
    snapshots.invalidateAll();
  }

  /** The listen connection is up: every change from now on is announced. */
  void startedHearing() {
    forgetAll();
    hearing = true;
    log.info("ticket cache hears every ticket change: serving ticket reads from memory");
  }

  /** The listen connection is gone: announcements may be missed from now on. */
  void stoppedHearing() {
    connectionsLost.incrementAndGet();
    hearing = false;
    forgetAll();
    log.warn("ticket cache lost its listen connection: reading tickets from the database");
  }

  /** The cache was closed (the service stops): nothing to warn about, nothing served any more. */
  private void closedHearing() {
    hearing = false;
    forgetAll();
    log.info("ticket cache closed: no longer listening for ticket changes");
  }

  /** One announcement of V3's trigger: {@code <ticket id> <version>} or {@code <id> deleted}. */
  void announced(String payload) {
    int space = payload.indexOf(' ');
    UUID id;
    long version;
    try {
      id = UUID.fromString(payload.substring(0, Math.max(0, space)));
      String after = payload.substring(space + 1);
      version = after.equals("deleted") ? Long.MAX_VALUE : Long.parseLong(after);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      log.warn("ignoring malformed ticket change announcement '{}'", payload);
      return;
    }
    changed(new TicketId(id), version);
  }

  /** The trigger's announcements, in commit order, on the listener's thread. */
  private final class Announcements implements ChannelListener.Subscriber {

    @Override
    public void listening() {
      startedHearing();
    }

    @Override
    public void notified(String payload) {
      announced(payload);
    }

    @Override
    public void lost() {
      stoppedHearing();
    }

    @Override
    public void stopped() {
      closedHearing();
    }
  }

  /** Stops listening; nothing is served from memory afterwards. */
  @Override
  public void close() {
    hearing = false;
    if (listener != null) {
      listener.stop();
    }
  }
}
