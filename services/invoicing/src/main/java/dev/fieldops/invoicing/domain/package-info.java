/**
 * The invoicing domain: pure Java, no gRPC, protobuf, SQL or NATS types (an ArchUnit test keeps it
 * so). Time arrives as an {@code Instant} argument; ports (repositories, the number series) are
 * interfaces here, implemented by adapters, so the rules can be tested in milliseconds.
 */
package dev.fieldops.invoicing.domain;
