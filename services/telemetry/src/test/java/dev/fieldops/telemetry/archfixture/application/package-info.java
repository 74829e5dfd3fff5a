/** An application layer that breaks the layering rules, one rule per class. */
package dev.fieldops.telemetry.archfixture.application;
