/**
 * How customer support reacts to what other contexts publish. Telemetry's alerts open, escalate and
 * annotate tickets through the same command handlers an agent's calls go through (acting as
 * support's automation), so ticket numbers, SLAs and events are those of any other ticket; the
 * device behind an alert ticket is described later, after the ticket is stored, because asking
 * telemetry must never hold up or undo the ticket. The same alert events and invoicing's invoice
 * events also feed the two read-model facts of a support profile: how many alerts are active and
 * whether the account is in good standing. Facts arrive here already validated and translated by
 * the messaging adapter; nothing in this package knows protobuf or NATS.
 */
package dev.fieldops.support.application.event;
