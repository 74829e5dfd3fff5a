-- Retry requests of parked events are the platform's now (inbox_retry_request, created by the
-- inbox's own migrations, which run first): requests not yet performed move there. (The jOOQ
-- generator runs the service's scripts alone, without the platform's table: nothing to move.)
DO $$
BEGIN
    IF to_regclass('inbox_retry_request') IS NOT NULL THEN
        INSERT INTO inbox_retry_request (dead_letter_id, request_time)
        SELECT dead_letter_id, request_time
        FROM dead_letter_retry_request
        WHERE done_time IS NULL
        ORDER BY request_id;
    END IF;
END $$;

DROP TABLE dead_letter_retry_request;
