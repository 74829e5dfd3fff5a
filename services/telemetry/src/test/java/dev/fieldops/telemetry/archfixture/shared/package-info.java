/** Code outside the layers' packages that still reaches for infrastructure. */
package dev.fieldops.telemetry.archfixture.shared;
