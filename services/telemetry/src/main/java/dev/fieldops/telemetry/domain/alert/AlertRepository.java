package dev.fieldops.telemetry.domain.alert;

import dev.fieldops.kernel.paging.Page;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.rule.AlertRuleId;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where alerts live. The store enforces "one open alert per (device, rule)" (a partial unique index
 * over open alerts, say). Writes are optimistic: a change saves only if the alert still has the
 * version it was read at.
 */
public interface AlertRepository {

  Optional<Alert> findById(AlertId id, AccessScope scope);

  /**
   * Alerts newest first: in descending id order, which is the order they were raised in since ids
   * are UUIDv7 taken when an alert is raised. Keyset-paginated on the id, so a page token stays
   * valid while alerts are raised: a page continues after the last alert of the previous one, and
   * alerts raised since appear only on a new first page.
   */
  Page<Alert> list(AlertFilter filter, AccessScope scope, PageRequest page);

  /** The open (ACTIVE or ACKNOWLEDGED) alerts of the given devices: one query per batch. */
  List<Alert> findOpen(Set<DeviceId> devices);

  /** The open alerts raised by one rule (to clear them when the rule goes away). */
  List<Alert> findOpenByRule(AlertRuleId ruleId);

  /**
   * Loads the alert locked against concurrent writers (SELECT ... FOR UPDATE), applies {@code
   * change}, saves it with its events, in one transaction; returns it as saved.
   *
   * @throws dev.fieldops.kernel.NotFoundException {@code ALERT_NOT_FOUND} when missing or outside
   *     the scope
   */
  Alert update(AlertId id, AccessScope scope, Consumer<Alert> change);

  /**
   * Saves a whole evaluation pass in one transaction: inserts new alerts, updates changed ones
   * where the stored version still equals {@link AlertChange#expectedVersion()}, and writes every
   * alert event and temperature report to the outbox. Apply the updates before the inserts: a batch
   * may clear an alert and raise a new one for the same (device, rule), and the new one must not
   * collide with the old one while it is still open.
   *
   * @throws dev.fieldops.kernel.ConcurrencyConflictException when any alert changed since it was
   *     read, or a new alert collides with an open one for the same (device, rule); nothing is
   *     saved
   */
  void saveAll(AlertBatch batch);
}
