/**
 * Command-line entry points shipped with the server library ({@code ./fieldops token}), because
 * they must mint exactly what the server verifies and so share its code rather than copy it; and
 * {@link dev.fieldops.grpc.cli.CommandLines}, the conventions every Java command of {@code
 * ./fieldops} follows (help, one-line errors with what to do, exit codes), kept here because every
 * module with a command already depends on this one.
 */
package dev.fieldops.grpc.cli;
