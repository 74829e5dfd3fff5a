-- next_ticket_number creates the year's sequence on first use: DDL, which the service's own login
-- may not do when it may only read and write rows (migrations run as the schema owner, requests as
-- a login without CREATE). It now runs with the rights of its owner, the schema owner; the
-- search_path is pinned so that a caller cannot slip its own objects in.
ALTER FUNCTION next_ticket_number(integer) SECURITY DEFINER SET search_path = public, pg_temp;
