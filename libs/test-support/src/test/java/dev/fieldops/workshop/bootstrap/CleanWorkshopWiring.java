package dev.fieldops.workshop.bootstrap;

import dev.fieldops.jooq.fixture.JooqSupportType;
import dev.fieldops.runtime.fixture.RuntimeType;
import dev.fieldops.workshop.adapter.grpc.CleanWorkshopGrpcService;
import dev.fieldops.workshop.adapter.nats.CleanRepairOrderEventMapper;
import dev.fieldops.workshop.adapter.postgres.CleanRepairOrderRepository;
import dev.fieldops.workshop.application.CleanOpenRepairOrderHandler;
import java.time.Clock;
import java.util.UUID;
import org.jooq.DSLContext;

/** Keeps every rule: the wiring may use every adapter, the platform and the system clock. */
public final class CleanWorkshopWiring {

  public Object[] wire(DSLContext database, RuntimeType runtime) {
    var handler =
        new CleanOpenRepairOrderHandler(Clock.systemUTC(), () -> UUID.randomUUID().toString());
    return new Object[] {
      new CleanWorkshopGrpcService(handler),
      new CleanRepairOrderRepository(database, new JooqSupportType()),
      new CleanRepairOrderEventMapper(),
      runtime
    };
  }
}
