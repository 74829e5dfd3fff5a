package dev.fieldops.telemetry.domain.rule;

import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceProfile;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The rules the evaluation path needs, by device: asked once per ingest batch, so implementations
 * should cache (rules are immutable values) and honour {@link #invalidate()}, which the rule
 * handlers call after every change. Staleness towards other instances should be bounded.
 */
public interface RuleBook {

  /**
   * For each given device, the <em>enabled</em> rules that apply to it (its own rules and its
   * customer's customer-wide rules), in id order. Every given device is a key, possibly with an
   * empty list.
   */
  Map<DeviceId, List<AlertRule>> rulesFor(Collection<DeviceProfile> devices);

  /** Every enabled NO_DATA rule: the silence checker's work list. */
  List<AlertRule> enabledNoDataRules();

  /** Forget cached rules; the next lookup reads the source of truth. */
  default void invalidate() {}
}
