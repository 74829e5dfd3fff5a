package dev.fieldops.runtime;

import com.google.protobuf.Descriptors.FileDescriptor;
import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.nats.StreamSpec;
import java.util.List;
import java.util.Objects;

/**
 * What the platform needs to know about one bounded context to run it.
 *
 * @param context the context's short name, used in {@code ce-source} ({@code /fieldops/support})
 *     and the error domain ({@code support.fieldops.dev})
 * @param serviceName the deployable's name, used for the NATS connection and logs
 * @param defaultPort gRPC port when {@code GRPC_PORT} is not set
 * @param defaultDatabase database name when {@code DATABASE_URL} is not set
 * @param stream the JetStream stream the context publishes to: its name and subjects (its replicas
 *     and limits come from the {@code EVENTS_STREAM_*} settings, {@link
 *     dev.fieldops.nats.StreamSettings})
 * @param migrations the service's own Flyway scripts (run after the platform's)
 * @param eventSchemas the proto files of the events the context publishes: served by server
 *     reflection next to the API, so a subscriber can look up an event's schema
 * @param apiSchemas the proto files that declare the context's gRPC services: their requests'
 *     validation rules are compiled while the rest of a start goes on (none: when the server is
 *     built)
 */
public record ServiceDescriptor(
    String context,
    String serviceName,
    int defaultPort,
    String defaultDatabase,
    StreamSpec stream,
    List<MigrationSet> migrations,
    List<FileDescriptor> eventSchemas,
    List<FileDescriptor> apiSchemas) {

  public ServiceDescriptor {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(defaultDatabase, "defaultDatabase");
    Objects.requireNonNull(stream, "stream");
    migrations = List.copyOf(migrations);
    eventSchemas = List.copyOf(eventSchemas);
    apiSchemas = List.copyOf(apiSchemas);
  }

  /** {@code <context>.fieldops.dev}, the {@code ErrorInfo.domain} of this context's errors. */
  public String errorDomain() {
    return context + ".fieldops.dev";
  }

  /** {@code /fieldops/<context>}, the CloudEvents source of this context's events. */
  public String eventSource() {
    return "/fieldops/" + context;
  }
}
