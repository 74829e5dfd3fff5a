/**
 * What invoicing knows about a customer, which is deliberately little: an opaque id issued outside
 * FieldOps, the payment terms agreed with it, and the {@link
 * dev.fieldops.invoicing.domain.customer.AccessScope} that confines a caller to one customer's
 * data. The scope is a domain value so that every port query takes it as an argument and the
 * database can apply it in its {@code WHERE} clause instead of loading data and checking
 * afterwards.
 */
package dev.fieldops.invoicing.domain.customer;
