package dev.fieldops.support.domain.ticket;

import dev.fieldops.support.domain.customer.CustomerId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What someone reports when opening a ticket. Checked by {@link Ticket#open}, which rejects it with
 * every invalid field at once.
 */
public record TicketDraft(
    CustomerId customerId,
    String subject,
    String description,
    TicketPriority priority,
    TicketChannel channel,
    Optional<DeviceId> deviceId,
    Optional<AlertId> alertId,
    List<String> tags) {

  /** The longest subject a ticket takes; whoever writes one for a person must fit it in. */
  public static final int MAX_SUBJECT_LENGTH = TicketText.MAX_SUBJECT;

  public TicketDraft {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(alertId, "alertId");
    tags = List.copyOf(tags);
  }

  /** A draft with the optional parts left out. */
  public static TicketDraft of(
      CustomerId customerId,
      String subject,
      String description,
      TicketPriority priority,
      TicketChannel channel) {
    return new TicketDraft(
        customerId,
        subject,
        description,
        priority,
        channel,
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  public TicketDraft withDevice(DeviceId device) {
    return new TicketDraft(
        customerId, subject, description, priority, channel, Optional.of(device), alertId, tags);
  }

  public TicketDraft fromAlert(AlertId alert) {
    return new TicketDraft(
        customerId, subject, description, priority, channel, deviceId, Optional.of(alert), tags);
  }

  public TicketDraft withTags(List<String> newTags) {
    return new TicketDraft(
        customerId, subject, description, priority, channel, deviceId, alertId, newTags);
  }
}
