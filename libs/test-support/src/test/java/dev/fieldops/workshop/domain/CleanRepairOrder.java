package dev.fieldops.workshop.domain;

import dev.fieldops.kernel.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Keeps every rule: plain Java, the kernel and its own package; time comes in as an argument. */
public record CleanRepairOrder(
    String id, Principal openedBy, Instant openedAt, List<String> parts) {

  public CleanRepairOrder {
    Objects.requireNonNull(id, "id");
    parts = List.copyOf(parts);
  }

  public CleanRepairOrder withPart(String part, Instant now) {
    if (now.isBefore(openedAt)) {
      throw new IllegalArgumentException("a part cannot be added before the order was opened");
    }
    return new CleanRepairOrder(id, openedBy, openedAt, List.of(part));
  }
}
