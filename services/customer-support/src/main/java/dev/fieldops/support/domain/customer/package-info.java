/**
 * A customer as support knows it: the support profile ({@link
 * dev.fieldops.support.domain.customer.CustomerSupportDetails}) with the contact to call and the
 * support tier the customer pays for. The tier matters beyond this package: it sets a ticket's SLA
 * targets and is reported when a ticket is resolved so that invoicing can price the work. Customers
 * are issued outside FieldOps and known here only by their opaque {@link
 * dev.fieldops.support.domain.customer.CustomerId}.
 */
package dev.fieldops.support.domain.customer;
