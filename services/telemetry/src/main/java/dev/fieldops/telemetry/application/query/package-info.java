/**
 * Use cases that only read: devices, rules, alerts, readings (raw or aggregated) and the live alert
 * feed. Each handler derives the caller's scope and passes it into the port query, so the
 * restriction to a customer's own data is part of the query, not a filter after loading.
 */
package dev.fieldops.telemetry.application.query;
