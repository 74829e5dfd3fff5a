-- Time-based escalation: a WARNING rule may name how long its alerts may stay ACTIVE (neither
-- acknowledged nor cleared) before they escalate to CRITICAL (AlertRule.escalate_after). In
-- microseconds, like the durations of the condition document; NULL means never by time.
ALTER TABLE alert_rule ADD COLUMN escalate_after_micros bigint
    CHECK (escalate_after_micros BETWEEN 60000000 AND 604800000000);

-- The escalation scan's prefilter: the ACTIVE WARNING alerts by raise time. Small (open alerts
-- only), so the scan that runs every few seconds costs little when nothing is due.
CREATE INDEX alert_active_warning_idx ON alert (raise_time)
    WHERE state = 'ACTIVE' AND severity = 'WARNING';
