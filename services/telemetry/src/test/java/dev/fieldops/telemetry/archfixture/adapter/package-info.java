/** An adapter layer: may use anything, and is what inner layers must not reach for. */
package dev.fieldops.telemetry.archfixture.adapter;
