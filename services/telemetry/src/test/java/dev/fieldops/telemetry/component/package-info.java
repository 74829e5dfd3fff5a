/**
 * Component tests: the real telemetry service (runtime, interceptors, PostgreSQL, a private
 * nats-server) called over a real socket with real tokens, one running service per test class.
 */
package dev.fieldops.telemetry.component;
