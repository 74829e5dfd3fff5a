-- Fields of the published contract that the service refused until now, modelled: an invoice's memo,
-- the unit of lines and charges, the charge a line bills, when a payment's money arrived, and the
-- version (etag) of a customer's agreed payment terms.

-- Free text printed on the invoice, given when the draft is created; null = none.
ALTER TABLE invoice ADD COLUMN memo text CHECK (char_length(memo) BETWEEN 1 AND 2000);

-- ListInvoices with overdue_only: issued invoices the overdue scan has flagged, newest first.
CREATE INDEX invoice_overdue_idx ON invoice (invoice_id)
    WHERE status = 'ISSUED' AND overdue_time IS NOT NULL;

-- What a quantity counts ("minute", "device-month"); null = a bare number.
ALTER TABLE unbilled_charge ADD COLUMN unit text CHECK (char_length(unit) BETWEEN 1 AND 32);
-- The charges recorded so far by kind have the unit their kind is priced in, exactly as a charge
-- recorded from now on gets it: so a redelivered event or the monthly monitoring run, recording the
-- same charge again, finds it equal instead of conflicting.
UPDATE unbilled_charge SET unit = 'minute' WHERE kind = 'SUPPORT_MINUTES';
UPDATE unbilled_charge SET unit = 'device-month' WHERE kind = 'DEVICE_MONITORING';

-- A line's unit, and the charge it bills when drafted from one. charge_id stays when the charge is
-- released from a void invoice (the line is the record of what was cancelled), so it is not the
-- same fact as unbilled_charge.billed_invoice_id.
ALTER TABLE invoice_line
    ADD COLUMN unit text CHECK (char_length(unit) BETWEEN 1 AND 32),
    ADD COLUMN charge_id uuid REFERENCES unbilled_charge (charge_id);
-- Until now a line billed a charge exactly when the charge had the line's id and was billed by the
-- line's invoice (issued lines keep their printed text: no unit is added to them).
UPDATE invoice_line l SET charge_id = l.line_id
    FROM unbilled_charge c
    WHERE c.charge_id = l.line_id AND c.billed_invoice_id = l.invoice_id;
-- A charge is billed by one line of an invoice at most.
CREATE UNIQUE INDEX invoice_line_charge_unique ON invoice_line (invoice_id, charge_id)
    WHERE charge_id IS NOT NULL;

-- When the money arrived (the bank statement's value date); record_time stays when it was
-- recorded. Until now a payment was taken as received when it was recorded.
ALTER TABLE payment ADD COLUMN receive_time timestamptz;
UPDATE payment SET receive_time = record_time;
ALTER TABLE payment ALTER COLUMN receive_time SET NOT NULL;

-- How many times a customer's terms were set: their etag.
ALTER TABLE customer_payment_terms
    ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version >= 1);
