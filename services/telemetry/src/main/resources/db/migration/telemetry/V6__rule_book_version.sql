-- A version of each customer's rules, moved on by every transaction that creates, revises or
-- deletes one of them. Replicas cache the rules per customer with the version they were read at;
-- an evaluation pass reads the current version in the query that locks its devices' state, so a
-- replica never evaluates with rules older than the last committed change, whichever replica made
-- it. A customer without a row has version 0.
CREATE TABLE rule_book (
    customer_id text   PRIMARY KEY,
    version     bigint NOT NULL CHECK (version >= 1)
);
