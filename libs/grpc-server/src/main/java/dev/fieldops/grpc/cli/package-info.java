/**
 * Command-line entry points shipped with the server library ({@code ./fieldops token}), because
 * they must mint exactly what the server verifies and so share its code rather than copy it.
 */
package dev.fieldops.grpc.cli;
