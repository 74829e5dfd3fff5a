package dev.fieldops.invoicing.archfixture.v1;

/** Stands in for a class generated from the published contract ({@code <root>.v1}). */
public final class GeneratedInvoiceMessage {}
