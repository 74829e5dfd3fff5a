-- The last aggregate sequence (fieldops-aggregate-sequence) each consumer applied per aggregate.
-- An event is applied only when it is the next one; its row is locked by the applying transaction,
-- so two replicas sharing a durable never apply two events of one aggregate at once.
CREATE TABLE inbox_sequence (
    consumer       text        NOT NULL,
    aggregate_type text        NOT NULL,
    aggregate_id   text        NOT NULL,
    last_seq       bigint      NOT NULL,
    update_time    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, aggregate_type, aggregate_id)
);
