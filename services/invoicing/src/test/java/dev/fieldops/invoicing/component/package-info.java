/**
 * Component tests: the real invoicing process (the platform runtime with its interceptors, a fresh
 * PostgreSQL database and a private nats-server) called over a real socket with real tokens, one
 * running service per test class.
 */
package dev.fieldops.invoicing.component;
