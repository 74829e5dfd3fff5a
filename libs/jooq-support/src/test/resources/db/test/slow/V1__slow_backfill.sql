-- A migration that takes longer than the owner role's statement timeout in the test (a large
-- backfill or index build in production).
CREATE TABLE ledger (id bigint PRIMARY KEY);
SELECT pg_sleep(1.5);
