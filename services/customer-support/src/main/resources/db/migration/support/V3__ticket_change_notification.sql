-- Announces every change of a stored ticket on the ticket_changed channel, payload
-- '<ticket_id> <new version>' ('<ticket_id> deleted' for a deletion), so each instance's cache of
-- ticket snapshots drops what it holds of an older version. A trigger rather than the application:
-- it also covers other instances, other code paths and hand-written SQL. New tickets need no
-- announcement (nobody can hold an older copy of them). PostgreSQL delivers the notification when
-- the transaction commits, never for a rolled-back change.
CREATE FUNCTION ticket_change_notify() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('ticket_changed', OLD.ticket_id::text || ' deleted');
    ELSE
        PERFORM pg_notify('ticket_changed', NEW.ticket_id::text || ' ' || NEW.version::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER ticket_change_notify
    AFTER UPDATE OR DELETE ON ticket
    FOR EACH ROW
    EXECUTE FUNCTION ticket_change_notify();
