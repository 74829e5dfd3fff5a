/**
 * The system benchmark behind {@code ./fieldops bench system}: the three services as separate
 * processes (a private {@code ./fieldops up}), background ingest through {@code StreamReadings},
 * probes whose readings breach a rule, and the time from each probe's reading to its alert, its
 * ticket and, after the benchmark resolves the ticket, its charge; with {@code --soak}, a
 * per-interval table of throughput, latency, backlogs, memory and errors. A benchmark prints
 * figures and checks, it never fails a build.
 */
package dev.fieldops.cli.bench;
