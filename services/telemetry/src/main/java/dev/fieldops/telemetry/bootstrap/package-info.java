/**
 * The telemetry service as a process: its descriptor for the platform runtime, its configuration
 * from the environment, and the composition root that builds every adapter and handler with plain
 * constructors. Nothing else in the service knows how the parts are put together.
 */
package dev.fieldops.telemetry.bootstrap;
