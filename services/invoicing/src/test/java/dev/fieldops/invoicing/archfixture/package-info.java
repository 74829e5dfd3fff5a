/**
 * Deliberately broken code for {@code ArchitectureTest}: a miniature service tree (domain,
 * application, adapter, v1) whose classes each break one layering rule, so the test can prove every
 * rule really bites. Never imported by production code; the real rules only look at main classes.
 */
package dev.fieldops.invoicing.archfixture;
