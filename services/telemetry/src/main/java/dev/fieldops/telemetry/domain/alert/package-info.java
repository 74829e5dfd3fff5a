/**
 * Alerts: the durable, human-facing side of rule breaches. Evaluation decides what happened; an
 * alert remembers it for people: one open alert per device and rule, updated (peak, last value)
 * rather than repeated while the breach lasts, acknowledged by someone, escalated when it gets
 * worse, cleared when the condition ends. Its transitions are the events other contexts hear.
 */
package dev.fieldops.telemetry.domain.alert;
