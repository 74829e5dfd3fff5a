package dev.fieldops.runtime;

import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.nats.StreamSpec;
import java.util.List;

/** Service descriptors for tests that need a service's names but none of its schema or jobs. */
final class TestDescriptors {

  /** Customer support's names and stream, without migrations or jobs. */
  static final ServiceDescriptor SUPPORT =
      new ServiceDescriptor(
          "support",
          "customer-support",
          0,
          "fieldops_support",
          StreamSpec.of("SUPPORT", "support.>"),
          List.<MigrationSet>of(),
          List.of(),
          List.of());

  private TestDescriptors() {}
}
