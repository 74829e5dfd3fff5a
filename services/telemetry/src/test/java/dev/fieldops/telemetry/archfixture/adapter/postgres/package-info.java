/** A storage adapter that speaks in transport terms. */
package dev.fieldops.telemetry.archfixture.adapter.postgres;
