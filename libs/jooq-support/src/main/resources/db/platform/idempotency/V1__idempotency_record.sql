-- One row per client request_id that reached a mutating use case. The row is inserted first,
-- with a null response, so that a concurrent retry of the same request waits on the primary key
-- until the first attempt commits (and then reads its response) or rolls back (and then runs).
CREATE TABLE idempotency_record (
    request_id   uuid        PRIMARY KEY,
    operation    text        NOT NULL,
    request_hash bytea       NOT NULL,
    response     bytea,
    create_time  timestamptz NOT NULL DEFAULT now()
);

-- Purging expired records scans by age.
CREATE INDEX idempotency_record_create_time_idx ON idempotency_record (create_time);
