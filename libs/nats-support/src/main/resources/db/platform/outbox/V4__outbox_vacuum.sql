-- The outbox is a queue: each event is inserted, marked published (a new row version, the old one
-- dead) and purged after the retention. The relay reads the oldest unpublished rows through
-- outbox_event_unpublished_idx, and every row marked since the table's last vacuum leaves a dead
-- entry at the head of that index which every claim steps over: measured on PostgreSQL 15, a claim
-- read 550 index pages (1.0-1.2 ms) after 200,000 marks, 2 pages (0.03 ms) after a vacuum.
-- PostgreSQL's defaults vacuum a table once a fifth of it is dead, for an outbox that holds hours of
-- events millions of marks apart, and skip the index pass when the dead rows sit on few pages, as
-- the newest rows do. So this table is vacuumed by a count of dead rows, whatever its size, with
-- its indexes every time (a pass over the indexes of 2 million rows took 0.26 s).
ALTER TABLE outbox_event SET (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000,
    vacuum_index_cleanup = on
);
