package dev.fieldops.invoicing.bootstrap;

import dev.fieldops.invoicing.v1.InvoicingEventsProto;
import dev.fieldops.invoicing.v1.InvoicingServiceProto;
import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.runtime.ServiceDescriptor;
import dev.fieldops.runtime.ServiceRuntime;
import java.util.List;

/** Runs the invoicing service: {@code fieldops.invoicing.v1.InvoicingService} on port 50053. */
public final class InvoicingMain {

  /** What the platform needs to run invoicing: names, port, database, stream, migrations. */
  public static final ServiceDescriptor DESCRIPTOR =
      new ServiceDescriptor(
          "invoicing",
          "invoicing",
          50053,
          "fieldops_invoicing",
          StreamSpec.of("INVOICING", "invoicing.>"),
          List.of(new MigrationSet("invoicing", "classpath:db/migration/invoicing")),
          List.of(InvoicingEventsProto.getDescriptor()),
          List.of(InvoicingServiceProto.getDescriptor()));

  private InvoicingMain() {}

  public static void main(String[] args) {
    ServiceRuntime.run(DESCRIPTOR, new InvoicingWiring());
  }
}
