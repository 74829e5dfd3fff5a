/**
 * Alert rules: what "dangerous" means for a device or for all devices of a customer. A rule pairs a
 * condition (threshold with hysteresis, rate of change, sustained excursion, silence) with a
 * severity. Rules are immutable values so that the hot evaluation path can cache and share them;
 * each revision bumps the version, which also tells the evaluator to start the rule's state over.
 */
package dev.fieldops.telemetry.domain.rule;
