-- Inbox of the consumer runner: one row per (consumer, event) that was handled, written in the
-- same transaction as the handler's effect. A redelivered or republished event finds its row and
-- is acknowledged without running the handler again.
CREATE TABLE inbox_event (
    consumer          text        NOT NULL,
    event_id          uuid        NOT NULL,
    aggregate_id      text        NOT NULL,
    aggregate_version bigint      NOT NULL,
    stream_seq        bigint,
    -- APPLIED: the handler's effect committed with this row. PARKED: the event sits in
    -- dead_letter until an operator retries it; copies arriving meanwhile are not applied.
    outcome           text        NOT NULL CHECK (outcome IN ('APPLIED', 'PARKED')),
    process_time      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, event_id)
);

-- Retention purges by age.
CREATE INDEX inbox_event_process_time_idx ON inbox_event (process_time);

-- The newest aggregate version each consumer applied, so an event overtaken by a later one of
-- the same aggregate is recognised (and parked instead of rolling state back).
CREATE TABLE inbox_aggregate (
    consumer     text        NOT NULL,
    aggregate_id text        NOT NULL,
    last_version bigint      NOT NULL,
    update_time  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, aggregate_id)
);

-- Events a consumer could not apply, kept whole (subject, headers, payload) with the reason, so
-- nothing is dropped silently and an operator can retry one after fixing its cause.
CREATE TABLE dead_letter (
    id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consumer           text        NOT NULL,
    -- Null when the message carried no usable ce-id.
    event_id           uuid,
    subject            text        NOT NULL,
    stream_seq         bigint,
    headers            jsonb       NOT NULL,
    payload            bytea       NOT NULL,
    -- UNDECODABLE, INVALID_ENVELOPE, HANDLER_FAILED or OUT_OF_ORDER.
    reason             text        NOT NULL,
    error              text,
    attempts           integer     NOT NULL,
    first_failure_time timestamptz NOT NULL,
    last_failure_time  timestamptz NOT NULL,
    -- Set when an operator retry applied the event; the row stays as a record.
    retried_time       timestamptz
);

-- One row per parked event of a consumer (several null event ids may coexist).
CREATE UNIQUE INDEX dead_letter_consumer_event_idx ON dead_letter (consumer, event_id);
-- What still waits for an operator.
CREATE INDEX dead_letter_parked_idx ON dead_letter (consumer, id) WHERE retried_time IS NULL;
