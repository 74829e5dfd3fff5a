/**
 * Running the domain's evaluators inside the service: one in-memory evaluator per device, loaded
 * lazily from a checkpoint plus the readings stored since (or from a replay of recent readings),
 * guarded by a per-device lock so that one device's readings are evaluated by one caller at a time
 * and in order, and checkpointed periodically. Evaluation passes turn outcomes into alert changes,
 * save them in one transaction and publish them once committed.
 */
package dev.fieldops.telemetry.application.evaluation;
