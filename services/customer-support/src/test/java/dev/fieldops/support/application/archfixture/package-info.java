/**
 * Deliberately misplaced application classes, one broken rule each, checked by ArchitectureTest
 * with the same rules it applies to production code.
 */
package dev.fieldops.support.application.archfixture;
