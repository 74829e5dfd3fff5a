package dev.fieldops.telemetry.domain.alert;

import java.time.Instant;
import java.util.List;

/**
 * Finds the alerts whose time-based escalation has fallen due ({@link Alert#escalationDue}): ACTIVE
 * WARNING alerts of enabled rules that name an escalation delay, raised at least that long ago. The
 * periodic escalation scan asks it, so it must be cheap when nothing is due. It only preselects:
 * each alert decides again, locked, with the rule as it is then.
 */
public interface EscalationCandidates {

  /**
   * At most {@code limit} alerts whose escalation is due at or before {@code now}, earliest first.
   */
  List<AlertId> dueAt(Instant now, int limit);
}
