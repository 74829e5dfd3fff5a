-- What customer support keeps from reacting to the other contexts' events: alert tickets and the
-- device details still owed to them, and the two facts of a support profile that other contexts
-- own (active alerts from telemetry, overdue invoices from invoicing). Each projection table is
-- written only by its consumer, in the transaction of the consumer's inbox row, and can be
-- rebuilt from its stream (RebuildProjection).

-- At most one ticket per telemetry alert. The consumer's inbox already drops a repeated event;
-- this also covers an alert republished under a new event id, and two instances racing.
ALTER TABLE ticket ADD CONSTRAINT ticket_alert_unique UNIQUE (alert_id);

-- Alert tickets whose device has not been described yet ("pending enrichment"). Written with the
-- ticket; removed in the transaction that adds the device note. Telemetry is asked outside any
-- transaction, right after the ticket commits and then periodically until it answers.
CREATE TABLE ticket_enrichment (
    ticket_id         uuid        PRIMARY KEY REFERENCES ticket (ticket_id),
    device_id         text        NOT NULL,
    metric            text        NOT NULL
                                  CHECK (metric IN ('TEMPERATURE_CELSIUS', 'HUMIDITY_PERCENT')),
    -- Failed attempts so far; the pause before the next one doubles with each.
    attempts          integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_time timestamptz NOT NULL,
    last_error        text,
    create_time       timestamptz NOT NULL
);

CREATE INDEX ticket_enrichment_due_idx ON ticket_enrichment (next_attempt_time);

-- Projection of consumer support-active-alerts: every alert support heard of and whether it is
-- still active. CLEARED is final, so a late or repeated raise cannot make an alert active again;
-- a profile's active_alert_count counts the ACTIVE rows of the customer.
CREATE TABLE alert_activity (
    alert_id    text        PRIMARY KEY,
    customer_id text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('ACTIVE', 'CLEARED')),
    raise_time  timestamptz,
    clear_time  timestamptz,
    update_time timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX alert_activity_active_idx ON alert_activity (customer_id) WHERE state = 'ACTIVE';

-- Projection of consumer support-account-standing: every invoice support heard of and whether it
-- is overdue or settled (paid or voided; final). A profile's account_standing is OVERDUE while a
-- row of the customer is OVERDUE, GOOD once it has any row, UNKNOWN before.
CREATE TABLE invoice_standing (
    invoice_id   text        PRIMARY KEY,
    customer_id  text        NOT NULL,
    state        text        NOT NULL CHECK (state IN ('OVERDUE', 'SETTLED')),
    overdue_time timestamptz,
    settle_time  timestamptz,
    update_time  timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX invoice_standing_customer_idx ON invoice_standing (customer_id, state);

-- The read-model columns of V1 are superseded by the projections above, which also remember
-- customers that have no profile yet and can be rebuilt without touching profiles.
ALTER TABLE customer_support_details
    DROP COLUMN account_standing,
    DROP COLUMN active_alert_count;

-- An operator's request to retry a parked event (DeadLetterCommand retry <id>). The running
-- service performs it, since only it has the consumers' handlers, and records the outcome here.
CREATE TABLE dead_letter_retry_request (
    request_id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dead_letter_id bigint      NOT NULL,
    request_time   timestamptz NOT NULL DEFAULT clock_timestamp(),
    done_time      timestamptz,
    outcome        text
);

CREATE INDEX dead_letter_retry_request_open_idx ON dead_letter_retry_request (request_id)
    WHERE done_time IS NULL;
