package dev.fieldops.telemetry.domain.reading;

/** Why a submitted reading was not accepted. Rejects are counted per reason, never fatal. */
public enum RejectReason {
  /** The metric or observe time is missing. */
  INVALID_READING,
  /** A device principal sent a reading for another device, or the caller may not ingest at all. */
  NOT_YOUR_DEVICE,
  /** No such device, or one the caller may not see (indistinguishable on purpose). */
  UNKNOWN_DEVICE,
  /** The device is decommissioned. */
  DEVICE_DECOMMISSIONED,
  /** Outside the metric's physical range (or not a number). */
  VALUE_OUT_OF_RANGE,
  /** Observed further in the future than the allowed clock skew. */
  OBSERVE_TIME_IN_FUTURE,
  /** Observed longer ago than ingest accepts (older than retention allows). */
  OBSERVE_TIME_TOO_OLD,
  /** Same device, metric and observe time as an earlier reading of the same batch. */
  DUPLICATE_IN_BATCH
}
