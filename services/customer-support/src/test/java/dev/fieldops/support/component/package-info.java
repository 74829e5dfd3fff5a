/**
 * Component tests: the real customer-support process (platform runtime, interceptors, PostgreSQL, a
 * private nats-server) called over a real socket with signed tokens, as a client would.
 */
package dev.fieldops.support.component;
