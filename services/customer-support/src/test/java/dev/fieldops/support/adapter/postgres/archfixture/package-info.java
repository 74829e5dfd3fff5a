/**
 * Test-only fixture for ArchitectureTest: a PostgreSQL adapter class that breaks a dependency
 * rule, so the test can show the rule catches it. Never imported by the production check.
 */
package dev.fieldops.support.adapter.postgres.archfixture;
