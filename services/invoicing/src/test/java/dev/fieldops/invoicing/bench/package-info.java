/**
 * The invoicing benchmark: throughput of the two write paths that matter (issuing, where the
 * per-year counter row serialises everyone, and recording payments) over a real socket, each set
 * against a pgbench transaction doing the same writes on the same schema. A command, not a test.
 */
package dev.fieldops.invoicing.bench;
