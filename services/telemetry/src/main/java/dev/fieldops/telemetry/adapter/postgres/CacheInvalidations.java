package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What the transactions that change what the replicas cache for the evaluation path (a customer's
 * rules, a device) write besides the change: for rules, the customer's {@code rule_book} version
 * moves on (a device's own {@code version} does so already); and a notification on {@link
 * #CHANNEL}, delivered to every replica at commit (never for a rollback), whose {@link
 * CacheInvalidationRelay} then drops the entry. The payload is {@code r|<customer-id>} or {@code
 * d|<device-id>}.
 *
 * <p>The notification only spares a replica a stale pass: the evaluation pass reads both versions
 * in the query that locks its devices and does not use a cache entry of another version, so a
 * change is seen by the next pass on any replica even before its notification arrives.
 */
final class CacheInvalidations {

  /** The notification channel. */
  static final String CHANNEL = "telemetry_cache_invalidation";

  private static final String BUMP_RULES =
      "WITH bumped AS (INSERT INTO rule_book (customer_id, version) VALUES ({0}, 1)"
          + " ON CONFLICT (customer_id) DO UPDATE SET version = rule_book.version + 1"
          + " RETURNING customer_id)"
          + " SELECT pg_notify({1}, 'r|' || customer_id) FROM bumped";

  private CacheInvalidations() {}

  /** In {@code tx}: the customer's rules changed (one statement). */
  static void rulesChanged(DSLContext tx, CustomerId customer) {
    tx.fetch(BUMP_RULES, DSL.val(customer.value()), DSL.val(CHANNEL));
  }

  /** In {@code tx}: the device changed (its version moved on). */
  static void deviceChanged(DSLContext tx, DeviceId device) {
    tx.select(DSL.function("pg_notify", Object.class, DSL.val(CHANNEL), DSL.val("d|" + device)))
        .fetch();
  }

  /** What a notification names. */
  sealed interface Invalidated {
    record Rules(CustomerId customer) implements Invalidated {}

    record Device(DeviceId device) implements Invalidated {}
  }

  /** The notification, or empty when it has another layout. */
  static Optional<Invalidated> decode(String payload) {
    if (payload.length() < 3 || payload.charAt(1) != '|') {
      return Optional.empty();
    }
    var value = payload.substring(2);
    try {
      return switch (payload.charAt(0)) {
        case 'r' -> Optional.of(new Invalidated.Rules(new CustomerId(value)));
        case 'd' -> Optional.of(new Invalidated.Device(new DeviceId(UUID.fromString(value))));
        default -> Optional.empty();
      };
    } catch (IllegalArgumentException unreadable) {
      return Optional.empty();
    }
  }
}
