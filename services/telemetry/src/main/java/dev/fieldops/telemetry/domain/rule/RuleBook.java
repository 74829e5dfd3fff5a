package dev.fieldops.telemetry.domain.rule;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules the evaluation path needs, by device: asked once per ingest batch, so implementations
 * should cache (rules are immutable values) and honour {@link #invalidate()}, which the rule
 * handlers call after every change. An implementation shared by several instances tells the version
 * of each customer's rules it answered with ({@link #rulesWithVersions}); the evaluation pass
 * checks it against the stored one, so rules cached before another instance's change are never
 * used.
 */
public interface RuleBook {

  /**
   * The rules of some devices, and the version of each customer's rules they were read at.
   *
   * @param versions by customer; a customer missing here is not checked (a book of one instance)
   */
  record Rules(Map<DeviceId, List<AlertRule>> byDevice, Map<CustomerId, Long> versions) {
    public Rules {
      Objects.requireNonNull(byDevice, "byDevice");
      Objects.requireNonNull(versions, "versions");
    }
  }

  /**
   * For each given device, the <em>enabled</em> rules that apply to it (its own rules and its
   * customer's customer-wide rules), in id order. Every given device is a key, possibly with an
   * empty list.
   */
  Map<DeviceId, List<AlertRule>> rulesFor(Collection<DeviceProfile> devices);

  /** {@link #rulesFor}, with the versions of the customers' rules it answered with. */
  default Rules rulesWithVersions(Collection<DeviceProfile> devices) {
    return new Rules(rulesFor(devices), Map.of());
  }

  /** Every enabled NO_DATA rule: the silence checker's work list. */
  List<AlertRule> enabledNoDataRules();

  /** Forget cached rules; the next lookup reads the source of truth. */
  default void invalidate() {}

  /** Forget the customer's cached rules. */
  default void invalidate(CustomerId customer) {
    invalidate();
  }
}
