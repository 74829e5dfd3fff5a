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
