/**
 * How every FieldOps process reads its settings: environment variables, read once at start through
 * {@link dev.fieldops.config.Environment}, in one grammar (durations such as {@code 500ms}, {@code
 * 10s}, {@code 5m}, {@code 12h}, {@code 30d} or ISO-8601 {@code PT10S}; sizes such as {@code
 * 64KiB}; comma-separated lists), and one error message style: the variable, the value it holds
 * (never for a secret) and what was expected. A deployment with a wrong value then stops at start
 * with a message an operator can act on, instead of running with a setting nobody meant.
 *
 * <p>It sits below every other library and depends on the JDK only, so that the database, NATS,
 * gRPC and service configurations all speak the same language.
 */
package dev.fieldops.config;
