/**
 * The invoicing process: its descriptor for the platform runtime, its configuration read from the
 * environment, and the composition root that builds every adapter and handler with plain
 * constructors. Nothing here decides a business rule; it only decides what is connected to what.
 */
package dev.fieldops.invoicing.bootstrap;
