package dev.fieldops.support.v1.archfixture;

/**
 * Stands in for a class generated from {@code fieldops.support.v1} (whose Java package is {@code
 * dev.fieldops.support.v1}): the generated contract is not a dependency of this module yet, and the
 * architecture rule only looks at the package name.
 */
public class GeneratedContractStandIn {}
