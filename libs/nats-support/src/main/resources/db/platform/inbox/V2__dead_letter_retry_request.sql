-- Operators' requests to retry a parked event. The command that files one may run anywhere; the
-- running service performs it (only it has the consumers' handlers) and writes down the outcome,
-- which the command waits for.
CREATE TABLE inbox_retry_request (
    request_id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dead_letter_id bigint      NOT NULL,
    request_time   timestamptz NOT NULL DEFAULT clock_timestamp(),
    done_time      timestamptz,
    outcome        text
);

CREATE INDEX inbox_retry_request_open_idx ON inbox_retry_request (request_id)
    WHERE done_time IS NULL;
