/**
 * The conventions every Java command of {@code ./fieldops} follows, whether it ships with a tool
 * (token, events, simulate, demo) or with a service (dead letters, projection rebuilds): help, one
 * line per error with what to do, and the exit codes the script uses too. A library of its own so
 * that neither the server library nor the services' runtime has to carry a command-line parser.
 */
package dev.fieldops.commandline;
