-- An event parked as PREDECESSOR_MISSING (its predecessor in the aggregate was still not applied
-- after the consumer's delivery limit) is held with its place in the aggregate: the consumer applies
-- it in the transaction that applies its predecessor (then its own held successor, and so on),
-- without waiting for an operator.
ALTER TABLE dead_letter
    ADD COLUMN aggregate_type text,
    ADD COLUMN aggregate_id   text,
    ADD COLUMN aggregate_seq  bigint;

-- Events held before this migration get their place from their headers.
UPDATE dead_letter
   SET aggregate_type = headers ->> 'fieldops-aggregate-type',
       aggregate_id   = headers ->> 'ce-subject',
       aggregate_seq  = (headers ->> 'fieldops-aggregate-sequence')::bigint
 WHERE reason = 'PREDECESSOR_MISSING'
   AND retried_time IS NULL
   AND headers ->> 'fieldops-aggregate-sequence' ~ '^[0-9]{1,18}$';

CREATE INDEX dead_letter_held_idx
    ON dead_letter (consumer, aggregate_type, aggregate_id, aggregate_seq)
    WHERE reason = 'PREDECESSOR_MISSING' AND retried_time IS NULL;

-- Whether events of the aggregate may be held for the consumer: set when one is held (under the
-- progress row's lock), settled when the consumer looks for them. The transaction that applies an
-- event reads it with the progress it locks anyway, and looks for held successors only when set.
ALTER TABLE inbox_sequence
    ADD COLUMN held boolean NOT NULL DEFAULT false;

UPDATE inbox_sequence s
   SET held = true
 WHERE EXISTS (SELECT 1
                 FROM dead_letter d
                WHERE d.consumer = s.consumer
                  AND d.aggregate_type = s.aggregate_type
                  AND d.aggregate_id = s.aggregate_id
                  AND d.reason = 'PREDECESSOR_MISSING'
                  AND d.retried_time IS NULL);
