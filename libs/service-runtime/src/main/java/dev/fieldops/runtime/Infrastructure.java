package dev.fieldops.runtime;

import dev.fieldops.grpc.paging.PageTokens;
import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.Transactor;
import dev.fieldops.nats.TrackedConnection;
import dev.fieldops.nats.outbox.OutboxWriter;
import dev.fieldops.observability.Observability;
import java.time.Clock;
import java.util.Map;

/**
 * The started platform parts a service's wiring composes its adapters from.
 *
 * @param env the process environment (or a test's), for the service's own settings
 * @param observability the process's metrics and traces: its registry for the service's own meters,
 *     and the configuration of gRPC client channels for the standard client metrics and spans
 *     ({@link Observability#configureChannel})
 */
public record Infrastructure(
    ServiceDescriptor descriptor,
    Database database,
    Transactor transactor,
    OutboxWriter outbox,
    IdempotentCommands idempotentCommands,
    PageTokens pageTokens,
    TrackedConnection nats,
    Clock clock,
    Map<String, String> env,
    Observability observability) {

  /**
   * The decorator that gives each command its span: first in a context's decorator list, before the
   * transaction.
   */
  public TracedCommands tracedCommands() {
    return new TracedCommands(observability.openTelemetry());
  }
}
