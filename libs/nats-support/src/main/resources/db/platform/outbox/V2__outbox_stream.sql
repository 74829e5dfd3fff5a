-- What the relay last saw of its stream, kept so that a later look can tell that the broker lost
-- data (the stream was re-created: another creation time; or it lost its tail: a lower last
-- sequence) and how many of the events the stream held can no longer be restored, because their
-- outbox rows were purged after the retention period. One row per stream; every relay of the
-- service (one per replica) reads and writes it under its row lock, so a loss is reported once.
CREATE TABLE outbox_stream (
    stream            text        PRIMARY KEY,
    -- The stream's creation time as the broker reports it: the identity of this incarnation.
    created_time      timestamptz NOT NULL,
    first_seq         bigint      NOT NULL,
    last_seq          bigint      NOT NULL,
    messages          bigint      NOT NULL,
    check_time        timestamptz NOT NULL,
    -- The latest look that found events lost for good, and how many.
    lost_events       bigint      NOT NULL DEFAULT 0,
    loss_time         timestamptz
);
