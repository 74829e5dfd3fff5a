-- Customer support's own tables. The platform's tables (idempotency_record, outbox_event,
-- inbox_event, ...) come from their own migration sets with their own history.

-- A customer's support profile. Written only by UpdateCustomerSupportDetails; the two read-model
-- columns at the end are fed later by invoicing and telemetry events and keep their honest
-- defaults (UNKNOWN, 0) until then.
CREATE TABLE customer_support_details (
    customer_id        text        PRIMARY KEY CHECK (customer_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    contact_name       text        NOT NULL,
    email              text        NOT NULL,
    phone              text        NOT NULL,
    support_tier       text        NOT NULL CHECK (support_tier IN ('BASIC', 'STANDARD', 'PREMIUM')),
    notes              text        NOT NULL,
    -- Optimistic concurrency: the etag is this number.
    version            bigint      NOT NULL CHECK (version >= 1),
    create_time        timestamptz NOT NULL,
    update_time        timestamptz NOT NULL,
    account_standing   text        NOT NULL DEFAULT 'UNKNOWN'
                                   CHECK (account_standing IN ('UNKNOWN', 'GOOD', 'OVERDUE')),
    active_alert_count integer     NOT NULL DEFAULT 0 CHECK (active_alert_count >= 0)
);

-- One customer problem. The SLA clock is stored flat (targets, due times, halt instants, recorded
-- breaches) so the breach scan can find overdue tickets with an index instead of loading them.
CREATE TABLE ticket (
    ticket_id                     uuid        PRIMARY KEY,
    -- T-<ticket_year>-<ticket_seq>, unique per year, never changes.
    ticket_year                   smallint    NOT NULL CHECK (ticket_year BETWEEN 1000 AND 9999),
    ticket_seq                    bigint      NOT NULL CHECK (ticket_seq >= 1),
    customer_id                   text        NOT NULL,
    subject                       text        NOT NULL,
    description                   text        NOT NULL,
    priority                      text        NOT NULL
                                  CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
    channel                       text        NOT NULL
                                  CHECK (channel IN ('EMAIL', 'PHONE', 'CHAT', 'API', 'TELEMETRY_ALERT')),
    device_id                     text,
    alert_id                      text,
    tags                          text[]      NOT NULL DEFAULT '{}',
    status                        text        NOT NULL
                                  CHECK (status IN ('NEW', 'OPEN', 'PENDING', 'RESOLVED', 'CLOSED')),
    assignee                      text,
    -- The customer's tier when the ticket was opened: its SLA targets come from it.
    sla_tier                      text        NOT NULL CHECK (sla_tier IN ('BASIC', 'STANDARD', 'PREMIUM')),
    sla_first_response_target_ns  bigint      NOT NULL CHECK (sla_first_response_target_ns > 0),
    sla_resolution_target_ns      bigint      NOT NULL CHECK (sla_resolution_target_ns > 0),
    sla_first_response_due        timestamptz NOT NULL,
    sla_resolution_due            timestamptz NOT NULL,
    sla_first_response_time       timestamptz,
    sla_paused_since              timestamptz,
    sla_stopped_since             timestamptz,
    sla_first_response_breached   boolean     NOT NULL DEFAULT false,
    sla_resolution_breached       boolean     NOT NULL DEFAULT false,
    resolution                    text,
    billable_minutes              integer     NOT NULL DEFAULT 0 CHECK (billable_minutes >= 0),
    -- Optimistic concurrency: the number of events the ticket raised; the etag is this number.
    version                       bigint      NOT NULL CHECK (version >= 1),
    create_time                   timestamptz NOT NULL,
    update_time                   timestamptz NOT NULL,
    resolve_time                  timestamptz,
    close_time                    timestamptz,
    CONSTRAINT ticket_number_unique UNIQUE (ticket_year, ticket_seq),
    CONSTRAINT ticket_sla_halted_once CHECK (sla_paused_since IS NULL OR sla_stopped_since IS NULL)
);

-- ListTickets pages newest first by (create_time, ticket_id) under each filter; every index ends
-- with the sort key so a page is an index range scan, never a sort of everything that matches.
CREATE INDEX ticket_list_idx ON ticket (create_time DESC, ticket_id DESC);
CREATE INDEX ticket_customer_list_idx ON ticket (customer_id, create_time DESC, ticket_id DESC);
CREATE INDEX ticket_status_list_idx ON ticket (status, create_time DESC, ticket_id DESC);
CREATE INDEX ticket_priority_list_idx ON ticket (priority, create_time DESC, ticket_id DESC);
CREATE INDEX ticket_assignee_list_idx ON ticket (assignee, create_time DESC, ticket_id DESC)
    WHERE assignee IS NOT NULL;
-- The support profile's read model: most recently updated tickets and the open-ticket count.
CREATE INDEX ticket_customer_recent_idx ON ticket (customer_id, update_time DESC, ticket_id DESC);
CREATE INDEX ticket_customer_unresolved_idx ON ticket (customer_id)
    WHERE status IN ('NEW', 'OPEN', 'PENDING');
-- The SLA breach scan: running clocks (NEW, OPEN) with a target neither met nor recorded, by
-- due time. The partial indexes hold only tickets that can still breach, so the scan stays small
-- however many tickets were ever closed.
CREATE INDEX ticket_first_response_watch_idx ON ticket (sla_first_response_due)
    WHERE status IN ('NEW', 'OPEN')
      AND sla_first_response_time IS NULL
      AND NOT sla_first_response_breached;
CREATE INDEX ticket_resolution_watch_idx ON ticket (sla_resolution_due)
    WHERE status IN ('NEW', 'OPEN') AND NOT sla_resolution_breached;

-- A ticket's conversation; comments are appended, never edited.
CREATE TABLE ticket_comment (
    comment_id  uuid        PRIMARY KEY,
    ticket_id   uuid        NOT NULL REFERENCES ticket (ticket_id),
    visibility  text        NOT NULL CHECK (visibility IN ('PUBLIC', 'INTERNAL')),
    author      text        NOT NULL,
    author_kind text        NOT NULL CHECK (author_kind IN ('STAFF', 'CUSTOMER', 'SYSTEM')),
    body        text        NOT NULL,
    create_time timestamptz NOT NULL
);

-- ListTicketComments pages oldest first by (create_time, comment_id).
CREATE INDEX ticket_comment_list_idx ON ticket_comment (ticket_id, create_time, comment_id);

-- Ticket numbers: one sequence per year (ticket_number_<year>), created on first use. nextval
-- never waits for another transaction, so opening tickets is not serialized on a counter row;
-- a number drawn by a transaction that rolls back is skipped (gaps are allowed, repeats are not).
-- Only the creation of a year's sequence enters the exception block (a subtransaction); two
-- transactions creating it at once end with one sequence, the loser using the winner's.
CREATE FUNCTION next_ticket_number(year integer) RETURNS bigint
    LANGUAGE plpgsql AS
$$
DECLARE
    sequence_name text := format('ticket_number_%s', year);
BEGIN
    IF year < 1000 OR year > 9999 THEN
        RAISE EXCEPTION 'a ticket year has four digits: %', year USING ERRCODE = '22023';
    END IF;
    IF to_regclass(sequence_name) IS NULL THEN
        BEGIN
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I AS bigint', sequence_name);
        EXCEPTION WHEN unique_violation OR duplicate_table THEN
            NULL;
        END;
    END IF;
    RETURN nextval(sequence_name::regclass);
END
$$;
