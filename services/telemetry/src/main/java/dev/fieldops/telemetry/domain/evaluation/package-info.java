/**
 * The event-stream heart of the context: a per-device evaluator that consumes readings in
 * observe-time order, in memory, and turns them into rule outcomes (breach started, continues,
 * escalated, condition cleared) and reported temperature changes. Evaluation is pure and
 * deterministic in observe time, so the same readings give the same outcomes whether they arrive in
 * one batch or many, before or after a restart; its state is a plain snapshot that can be
 * persisted, or rebuilt by replaying stored readings.
 */
package dev.fieldops.telemetry.domain.evaluation;
