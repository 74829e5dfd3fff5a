package dev.fieldops.system.faults;

import dev.fieldops.invoicing.bootstrap.InvoicingMain;
import dev.fieldops.invoicing.bootstrap.InvoicingWiring;
import dev.fieldops.runtime.ServiceRuntime;
import dev.fieldops.telemetry.bootstrap.TelemetryMain;
import dev.fieldops.telemetry.bootstrap.TelemetryWiring;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;

/**
 * The producer and the consumer of one event as the fault tests see them: telemetry (devices are
 * registered there, {@code DeviceRegistered} goes to its stream TELEMETRY) and invoicing (its
 * consumer {@code invoicing-device-monitoring} turns each registration into a monitored device and
 * a monitoring charge), each a real service started the way production starts it, in this JVM, on
 * the databases and the nats-server the test passes in.
 */
final class TelemetryAndInvoicing implements AutoCloseable {

  static final String DEVICE_REGISTERED = "telemetry.device.registered";
  static final String MONITORING_CONSUMER = "invoicing-device-monitoring";

  final ServiceRuntime telemetry;
  final ServiceRuntime invoicing;
  final ManagedChannel telemetryChannel;
  final ManagedChannel invoicingChannel;

  private TelemetryAndInvoicing(ServiceRuntime telemetry, ServiceRuntime invoicing) {
    this.telemetry = telemetry;
    this.invoicing = invoicing;
    this.telemetryChannel = channelTo(telemetry);
    this.invoicingChannel = channelTo(invoicing);
  }

  static TelemetryAndInvoicing start(
      Map<String, String> telemetryEnv, Map<String, String> invoicingEnv) throws Exception {
    ServiceRuntime telemetry =
        ServiceRuntime.start(TelemetryMain.DESCRIPTOR, telemetryEnv, new TelemetryWiring());
    try {
      return new TelemetryAndInvoicing(
          telemetry,
          ServiceRuntime.start(InvoicingMain.DESCRIPTOR, invoicingEnv, new InvoicingWiring()));
    } catch (Exception | Error e) {
      telemetry.close();
      throw e;
    }
  }

  private static ManagedChannel channelTo(ServiceRuntime runtime) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port()).usePlaintext().build();
  }

  /** What {@code grpc.health.v1.Health/Check} answers for {@code service}; UNKNOWN if nothing. */
  static ServingStatus health(ManagedChannel channel, String service) {
    try {
      return HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService(service).build())
          .getStatus();
    } catch (StatusRuntimeException e) {
      return ServingStatus.UNKNOWN;
    }
  }

  DSLContext telemetryDatabase() {
    return telemetry.infrastructure().database().dsl();
  }

  DSLContext invoicingDatabase() {
    return invoicing.infrastructure().database().dsl();
  }

  /** Devices telemetry stored for {@code customer}. */
  int storedDevices(String customer) {
    return telemetryDatabase()
        .fetchCount(
            telemetryDatabase().selectOne().from("device").where("customer_id = ?", customer));
  }

  /** The ids of the devices telemetry stored for {@code customer}. */
  java.util.Set<String> storedDeviceIds(String customer) {
    return java.util.Set.copyOf(
        telemetryDatabase()
            .fetch("select device_id::text from device where customer_id = ?", customer)
            .getValues(0, String.class));
  }

  /** Devices invoicing's consumer recorded for {@code customer}: the effects. */
  int monitoredDevices(String customer) {
    return invoicingDatabase()
        .fetchCount(
            invoicingDatabase()
                .selectOne()
                .from("monitored_device")
                .where("customer_id = ?", customer));
  }

  /** Monitoring charges invoicing recorded for {@code customer}. */
  int monitoringCharges(String customer) {
    return invoicingDatabase()
        .fetchCount(
            invoicingDatabase()
                .selectOne()
                .from("unbilled_charge")
                .where("customer_id = ? and kind = 'DEVICE_MONITORING'", customer));
  }

  /** The {@code ce-id}s of the registrations in TELEMETRY, in stream order, duplicates kept. */
  static List<String> registrationsInStream(String natsUrl) throws Exception {
    try (Connection connection = Nats.connect(natsUrl)) {
      long expected =
          connection
              .jetStreamManagement()
              .getStreamInfo("TELEMETRY")
              .getStreamState()
              .getMsgCount();
      List<String> ids = new ArrayList<>();
      if (expected == 0) {
        return ids;
      }
      IterableConsumer messages =
          connection
              .getStreamContext("TELEMETRY")
              .createOrderedConsumer(new OrderedConsumerConfiguration().headersOnly(true))
              .iterate(ConsumeOptions.builder().batchSize(1000).build());
      try {
        long read = 0;
        while (read < expected) {
          Message message = messages.nextMessage(Duration.ofSeconds(5));
          if (message == null) {
            throw new AssertionError("TELEMETRY holds " + expected + " messages, read " + read);
          }
          read++;
          if (message.getSubject().equals(DEVICE_REGISTERED)) {
            ids.add(message.getHeaders().getFirst("ce-id"));
          }
        }
      } finally {
        messages.stop();
      }
      return ids;
    }
  }

  @Override
  public void close() {
    telemetryChannel.shutdownNow();
    invoicingChannel.shutdownNow();
    try {
      invoicing.close();
    } finally {
      telemetry.close();
    }
  }
}
