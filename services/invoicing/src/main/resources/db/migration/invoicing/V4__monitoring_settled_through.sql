-- The last month whose monitoring charge of the device is settled: recorded, or known not to be
-- due. The monthly billing starts from the month after it (from the registration month while it is
-- null), so every month in which the billing never ran (invoicing was down across a month
-- boundary) is billed when it next runs. Always the first day of a month.
ALTER TABLE monitored_device ADD COLUMN monitoring_settled_through date
    CHECK (extract(day FROM monitoring_settled_through) = 1);
