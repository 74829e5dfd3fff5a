/**
 * The use cases of customer support, one handler each ({@code command} for changes, {@code query}
 * for reads), plus the access rules they share. Handlers are where "who may do what to which
 * customer's data" is decided, in plain Java: the platform already refused unauthenticated calls
 * and methods a role may never call, but only here is it known that a customer may comment on its
 * own ticket yet not resolve it. Handlers speak domain types and ports only; transports and
 * databases are adapters that call them.
 */
package dev.fieldops.support.application;
