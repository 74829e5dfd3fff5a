-- The telemetry context's own tables. The platform's (idempotency, outbox, inbox) come from their
-- own migration sets. Times are timestamptz (microseconds), ids are UUIDs, enums are text with a
-- CHECK (readable in psql, and a typo in code fails loudly), aggregates carry a version for
-- optimistic concurrency.

-- Devices: sensors on customers' sites. Never deleted: decommissioned devices keep their history.
CREATE TABLE device (
    device_id         uuid             PRIMARY KEY,
    customer_id       text             NOT NULL CHECK (customer_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    display_name      text             NOT NULL,
    location          text             NOT NULL,
    kind              text             NOT NULL
        CHECK (kind IN ('COLD_ROOM', 'FREEZER', 'FRIDGE', 'SERVER_ROOM', 'OTHER')),
    state             text             NOT NULL CHECK (state IN ('ACTIVE', 'DECOMMISSIONED')),
    deadband_celsius  double precision NOT NULL CHECK (deadband_celsius >= 0),
    register_time     timestamptz      NOT NULL,
    decommission_time timestamptz,
    update_time       timestamptz      NOT NULL,
    version           bigint           NOT NULL CHECK (version >= 1),
    CONSTRAINT device_decommission_time_with_state
        CHECK ((state = 'DECOMMISSIONED') = (decommission_time IS NOT NULL))
);

-- A customer's devices in id (= registration) order: listings and customer-wide rules.
CREATE INDEX device_customer_idx ON device (customer_id, device_id);

-- Alert rules: per device, or for every device of the customer (device_id NULL). The condition's
-- parameters are one JSON document (durations in microseconds); its kind is a column because the
-- silence checker selects NO_DATA rules.
CREATE TABLE alert_rule (
    rule_id        uuid        PRIMARY KEY,
    customer_id    text        NOT NULL,
    device_id      uuid        REFERENCES device (device_id),
    display_name   text        NOT NULL,
    metric         text        NOT NULL CHECK (metric IN ('TEMPERATURE_CELSIUS', 'HUMIDITY_PERCENT')),
    severity       text        NOT NULL CHECK (severity IN ('WARNING', 'CRITICAL')),
    enabled        boolean     NOT NULL,
    condition_kind text        NOT NULL
        CHECK (condition_kind IN ('THRESHOLD', 'RATE_OF_CHANGE', 'SUSTAINED', 'NO_DATA')),
    condition      jsonb       NOT NULL,
    create_time    timestamptz NOT NULL,
    update_time    timestamptz NOT NULL,
    version        bigint      NOT NULL CHECK (version >= 1)
);

CREATE INDEX alert_rule_customer_idx ON alert_rule (customer_id, rule_id);
CREATE INDEX alert_rule_device_idx ON alert_rule (device_id, rule_id) WHERE device_id IS NOT NULL;
CREATE INDEX alert_rule_enabled_no_data_idx ON alert_rule (rule_id)
    WHERE enabled AND condition_kind = 'NO_DATA';

-- Alerts: one episode of a rule's breach on a device. rule_id has no foreign key on purpose: a
-- deleted rule's past alerts keep its id.
CREATE TABLE alert (
    alert_id          uuid             PRIMARY KEY,
    device_id         uuid             NOT NULL REFERENCES device (device_id),
    customer_id       text             NOT NULL,
    rule_id           uuid             NOT NULL,
    metric            text             NOT NULL,
    condition_kind    text             NOT NULL,
    peak_direction    text             NOT NULL CHECK (peak_direction IN ('HIGHEST', 'LOWEST')),
    severity          text             NOT NULL CHECK (severity IN ('WARNING', 'CRITICAL')),
    state             text             NOT NULL CHECK (state IN ('ACTIVE', 'ACKNOWLEDGED', 'CLEARED')),
    raise_value       double precision NOT NULL,
    peak_value        double precision NOT NULL,
    last_value        double precision NOT NULL,
    first_breach_time timestamptz      NOT NULL,
    last_breach_time  timestamptz      NOT NULL,
    raise_time        timestamptz      NOT NULL,
    escalate_time     timestamptz,
    acknowledged_by   text,
    acknowledge_time  timestamptz,
    acknowledge_note  text             NOT NULL DEFAULT '',
    clear_time        timestamptz,
    clear_cause       text
        CHECK (clear_cause IN ('CONDITION_ENDED', 'RULE_DISABLED', 'RULE_DELETED',
                               'DEVICE_DECOMMISSIONED')),
    update_time       timestamptz      NOT NULL,
    version           bigint           NOT NULL CHECK (version >= 1),
    CONSTRAINT alert_cleared_has_time_and_cause
        CHECK ((state = 'CLEARED') = (clear_time IS NOT NULL)
               AND (clear_time IS NULL) = (clear_cause IS NULL)),
    CONSTRAINT alert_acknowledgement_complete
        CHECK ((acknowledged_by IS NULL) = (acknowledge_time IS NULL))
);

-- The invariant "one open alert per (device, rule)": a second one is a unique violation, which
-- the repository reports as a concurrency conflict. Also serves "open alerts of these devices".
CREATE UNIQUE INDEX alert_one_open_per_device_rule ON alert (device_id, rule_id)
    WHERE state <> 'CLEARED';
CREATE INDEX alert_open_by_rule_idx ON alert (rule_id) WHERE state <> 'CLEARED';
CREATE INDEX alert_customer_idx ON alert (customer_id, alert_id);
CREATE INDEX alert_device_idx ON alert (device_id, alert_id);

-- Checkpoints of the in-memory evaluators, one JSON document per device, so that a restart replays
-- only the readings stored since.
CREATE TABLE evaluator_checkpoint (
    device_id uuid        PRIMARY KEY REFERENCES device (device_id),
    snapshot  jsonb       NOT NULL,
    save_time timestamptz NOT NULL
);

-- Readings: the bulk of the data. Partitioned by observe time into one partition per UTC day,
-- which a periodic job creates ahead of time and drops after the retention period (dropping a
-- partition is instant, deleting millions of rows is not). The default partition catches what no
-- daily partition covers yet, so an insert never fails for want of one; the job moves such rows
-- into their day's partition when it creates it. No foreign key to device: ingest has checked the
-- device, and a per-row check would cost the hot path.
-- metric: 1 = TEMPERATURE_CELSIUS, 2 = HUMIDITY_PERCENT (the numbers of the API's Metric enum).
CREATE TABLE reading (
    device_id    uuid             NOT NULL,
    metric       smallint         NOT NULL CHECK (metric IN (1, 2)),
    observe_time timestamptz      NOT NULL,
    value        double precision NOT NULL,
    PRIMARY KEY (device_id, metric, observe_time)
) PARTITION BY RANGE (observe_time);

CREATE TABLE reading_default PARTITION OF reading DEFAULT;
