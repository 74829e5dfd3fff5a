/**
 * Deliberately impure "domain" classes, one broken rule each. They live inside the domain package
 * tree (but only in the test sources, which the real architecture check does not import) so that
 * ArchitectureTest can show that its rules, exactly as applied to production code, catch them.
 */
package dev.fieldops.support.domain.archfixture;
