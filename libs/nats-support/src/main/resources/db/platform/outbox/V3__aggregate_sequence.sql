-- A contiguous sequence per aggregate (1, 2, 3, ... over every event it ever published), assigned
-- by the writer in the transaction of the change and sent as the fieldops-aggregate-sequence
-- header. Aggregate versions may skip numbers (a change that publishes nothing), so only this
-- sequence lets a consumer tell that an event's predecessor has not been applied yet. Rows written
-- before this migration have none and are consumed as before.
ALTER TABLE outbox_event ADD COLUMN aggregate_seq bigint;

-- The last sequence assigned per aggregate. Outbox rows are purged, this counter is not: it must
-- never restart. Writers of one aggregate serialize on its row, as they already do on the
-- aggregate's own row (optimistic locking), so the lock costs no extra wait.
CREATE TABLE outbox_aggregate (
    aggregate_type text   NOT NULL,
    aggregate_id   text   NOT NULL,
    last_seq       bigint NOT NULL CHECK (last_seq > 0),
    PRIMARY KEY (aggregate_type, aggregate_id)
);
