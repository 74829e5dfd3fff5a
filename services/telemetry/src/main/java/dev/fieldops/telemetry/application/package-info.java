/**
 * The telemetry context's use cases, one handler each, in plain Java: they authorize the caller at
 * object level, drive the domain, and talk to the outside world only through ports. Transport
 * (gRPC), storage (PostgreSQL) and messaging (NATS) adapters sit on top and contain no decisions.
 * The classes here hold what every handler shares: who may do what, and where time and ids come
 * from.
 */
package dev.fieldops.telemetry.application;
