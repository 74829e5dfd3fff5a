package dev.fieldops.telemetry.bootstrap;

import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.runtime.ServiceDescriptor;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.telemetry.v1.TelemetryEventsProto;
import dev.fieldops.telemetry.v1.TelemetryServiceProto;
import java.util.List;

/** Runs the telemetry service: {@code fieldops.telemetry.v1.TelemetryService} on port 50052. */
public final class TelemetryMain {

  /** Context {@code telemetry}, database {@code fieldops_telemetry}, stream TELEMETRY. */
  public static final ServiceDescriptor DESCRIPTOR =
      new ServiceDescriptor(
          "telemetry",
          "telemetry",
          50052,
          "fieldops_telemetry",
          StreamSpec.of("TELEMETRY", "telemetry.>"),
          List.of(new MigrationSet("telemetry", "classpath:db/migration/telemetry")),
          List.of(TelemetryEventsProto.getDescriptor()),
          List.of(TelemetryServiceProto.getDescriptor()));

  private TelemetryMain() {}

  public static void main(String[] args) {
    ServiceRuntime.run(DESCRIPTOR, new TelemetryWiring());
  }
}
