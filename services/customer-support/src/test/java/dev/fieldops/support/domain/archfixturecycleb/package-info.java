/**
 * Test-only stand-in for ArchitectureTest: code deliberately placed where a dependency rule forbids
 * reaching, so that the test can show the rule catches it. Never imported by the production check.
 */
package dev.fieldops.support.domain.archfixturecycleb;
