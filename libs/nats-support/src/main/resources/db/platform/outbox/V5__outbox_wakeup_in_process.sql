-- NOTIFY serializes commits: a transaction that notified holds one lock of the whole database from
-- just before its commit until the commit is durable, so every outbox write queued behind every
-- other's WAL flush (pgbench running the ticket writes at 64 clients: most sessions waiting on
-- that lock, "Lock: object"). A writer whose own process runs a relay wakes that relay itself
-- after the commit, and says so for its transaction (SET LOCAL fieldops.outbox_wakeup =
-- 'in_process'); only other writers (tools, tests, a process without a relay) still notify. Relays
-- of other instances find such events at their next poll.
CREATE OR REPLACE FUNCTION outbox_event_notify() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF current_setting('fieldops.outbox_wakeup', true) IS DISTINCT FROM 'in_process' THEN
        PERFORM pg_notify('outbox', '');
    END IF;
    RETURN NULL;
END
$$;
