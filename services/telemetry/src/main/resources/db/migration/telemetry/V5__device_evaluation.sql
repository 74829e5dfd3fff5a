-- The evaluation state of each device becomes transactional: every evaluation pass locks its
-- devices' rows (SELECT ... FOR UPDATE, in device id order), and writes the new state with
-- version + 1 in the transaction that stores the batch's readings and alert changes. Any replica
-- may evaluate any device: the one holding the row lock, starting from the state the row holds.
-- A replica keeps an evaluator in memory only as a cache of the version it last wrote or read.
-- version 0 with a snapshot: a checkpoint written before this migration, which may lag behind the
-- stored readings; it is brought up to date by replaying them once, as the checkpoints were.
-- snapshot NULL: no state yet (or reset at decommissioning); it is rebuilt from recent readings.
ALTER TABLE evaluator_checkpoint RENAME TO device_evaluation;
ALTER TABLE device_evaluation RENAME CONSTRAINT evaluator_checkpoint_pkey TO device_evaluation_pkey;
ALTER TABLE device_evaluation
    ADD COLUMN version bigint NOT NULL DEFAULT 0 CHECK (version >= 0),
    ALTER COLUMN snapshot DROP NOT NULL;
