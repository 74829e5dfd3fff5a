/** A messaging adapter that storage must not reach into. */
package dev.fieldops.telemetry.archfixture.adapter.nats;
