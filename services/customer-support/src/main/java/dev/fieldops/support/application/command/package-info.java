/**
 * The changes callers can make, one command record and one handler per use case. A handler decides
 * who may act (with {@code SupportAccess}), checks the caller's etag against the version it loaded,
 * and lets the aggregate do the rest inside one repository transaction; it never changes state
 * itself. Every command carries the acting principal, because the same request means different
 * things from an agent and from a customer.
 */
package dev.fieldops.support.application.command;
