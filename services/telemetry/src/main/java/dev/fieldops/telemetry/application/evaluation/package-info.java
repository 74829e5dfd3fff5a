/**
 * Running the domain's evaluators inside the service: each evaluation pass (a batch of readings, a
 * silence check) locks its devices' evaluation state in the shared store, starts from the state
 * stored there (or from the evaluator this process cached at that same version), and writes the new
 * state with its readings and alert changes in one transaction, so that any replica may evaluate
 * any device and the alerts are those of one evaluator per device. Committed alert changes are
 * published to the alert watchers.
 */
package dev.fieldops.telemetry.application.evaluation;
