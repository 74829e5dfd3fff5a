package dev.fieldops.workshop.adapter.nats;

import dev.fieldops.workshop.adapter.proto.CleanRepairOrderProtos;
import dev.fieldops.workshop.domain.CleanRepairOrder;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;

/** Keeps every rule: NATS, the shared translation and the domain. */
public final class CleanRepairOrderEventMapper {

  private final CleanRepairOrderProtos protos = new CleanRepairOrderProtos();

  public void publish(Connection connection, CleanRepairOrder order) {
    connection.publish("workshop.order.opened", protos.id(order).getBytes(StandardCharsets.UTF_8));
  }
}
