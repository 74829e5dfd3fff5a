-- The transactional outbox: one row per domain event, written in the same transaction as the
-- change it describes, so an event exists exactly when its change committed. The relay publishes
-- unpublished rows aggregate by aggregate in (aggregate_version, seq) order and stamps each with
-- the stream sequence JetStream acknowledged; published rows are purged after a retention period.
CREATE TABLE outbox_event (
    event_id          uuid        PRIMARY KEY,
    -- Insertion order, only used to order events inside one aggregate and to scan the backlog
    -- oldest first. Never a "published up to here" watermark: identity values commit out of order.
    seq               bigint      GENERATED ALWAYS AS IDENTITY,
    aggregate_type    text        NOT NULL,
    aggregate_id      text        NOT NULL,
    aggregate_version bigint      NOT NULL CHECK (aggregate_version >= 0),
    subject           text        NOT NULL,
    -- The event message's full protobuf name: the CloudEvents ce-type.
    event_type        text        NOT NULL,
    content_type      text        NOT NULL,
    payload           bytea       NOT NULL,
    -- Extra message headers such as traceparent, as a flat JSON object of strings.
    headers           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    occur_time        timestamptz NOT NULL,
    create_time       timestamptz NOT NULL DEFAULT now(),
    published_time    timestamptz,
    stream_seq        bigint,
    CONSTRAINT outbox_event_published_has_sequence
        CHECK ((published_time IS NULL) = (stream_seq IS NULL))
);

-- No uniqueness on (aggregate, version, type): one change may legitimately emit several events,
-- even of the same type, under the same aggregate version. event_id is the identity.

-- The backlog, oldest first; stays small because published rows leave it.
CREATE INDEX outbox_event_unpublished_idx ON outbox_event (seq) WHERE published_time IS NULL;
-- Reconciliation walks published rows in stream order.
CREATE INDEX outbox_event_stream_seq_idx ON outbox_event (stream_seq) WHERE stream_seq IS NOT NULL;
-- Retention purges by age.
CREATE INDEX outbox_event_published_time_idx ON outbox_event (published_time)
    WHERE published_time IS NOT NULL;

-- Wakes the relay. PostgreSQL delivers a notification only when the inserting transaction
-- commits, and folds identical ones of one transaction into one; a rolled-back insert wakes
-- nobody. The relay also polls, so a lost notification only delays publishing.
CREATE FUNCTION outbox_event_notify() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_event_notify
    AFTER INSERT ON outbox_event
    FOR EACH STATEMENT
    EXECUTE FUNCTION outbox_event_notify();
