/** A domain layer that breaks the purity rules, one rule per class. */
package dev.fieldops.telemetry.archfixture.domain;
