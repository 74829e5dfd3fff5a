-- Devices telemetry reported as registered, kept only so that invoicing can bill their monitoring
-- month by month without asking telemetry (a read model fed by telemetry.device.> events).
CREATE TABLE monitored_device (
    device_id           uuid        PRIMARY KEY,
    customer_id         text        NOT NULL CHECK (customer_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    registered_time     timestamptz NOT NULL,
    -- When the device was taken out of service; no month starting after it is billed.
    decommissioned_time timestamptz
);

-- The monthly job's scan: devices still active at a month's start, in device id order.
CREATE INDEX monitored_device_active_idx ON monitored_device (device_id)
    WHERE decommissioned_time IS NULL;
