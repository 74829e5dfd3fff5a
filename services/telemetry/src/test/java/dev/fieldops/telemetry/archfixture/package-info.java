/**
 * Deliberately broken code: each class here breaks exactly one of the architecture rules, laid out
 * like a miniature service (domain, application, adapter), so the ArchitectureTest can prove every
 * rule actually fails when broken. Never used by anything else.
 */
package dev.fieldops.telemetry.archfixture;
