package dev.fieldops.invoicing.archfixture.application;

/** A well-behaved handler the domain must still not know about. */
public final class IssueSomethingHandler {}
