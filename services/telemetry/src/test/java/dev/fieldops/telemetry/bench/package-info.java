/**
 * The telemetry service's figures: sustained ingest through StreamReadings against raw COPY into
 * the same table, and the delay from an accepted breaching reading to its AlertRaised in the
 * stream. Run by hand with the command in the README; never a pass/fail test.
 */
package dev.fieldops.telemetry.bench;
