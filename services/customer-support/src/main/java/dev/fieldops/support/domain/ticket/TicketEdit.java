package dev.fieldops.support.domain.ticket;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An edit of a ticket's descriptive fields: only the {@code fields} named are applied, the values
 * of the others are ignored. An empty priority means the caller named none, which is invalid when
 * {@link TicketField#PRIORITY} is among the fields.
 */
public record TicketEdit(
    Set<TicketField> fields,
    String subject,
    String description,
    Optional<TicketPriority> priority,
    List<String> tags) {

  public TicketEdit {
    fields = fields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(fields));
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(priority, "priority");
    tags = List.copyOf(tags);
  }

  /** An edit that changes nothing; build on it with the {@code with...} methods. */
  public static TicketEdit nothing() {
    return new TicketEdit(Set.of(), "", "", Optional.empty(), List.of());
  }

  public TicketEdit withSubject(String value) {
    return new TicketEdit(plus(TicketField.SUBJECT), value, description, priority, tags);
  }

  public TicketEdit withDescription(String value) {
    return new TicketEdit(plus(TicketField.DESCRIPTION), subject, value, priority, tags);
  }

  public TicketEdit withPriority(TicketPriority value) {
    return new TicketEdit(
        plus(TicketField.PRIORITY), subject, description, Optional.of(value), tags);
  }

  public TicketEdit withTags(List<String> value) {
    return new TicketEdit(plus(TicketField.TAGS), subject, description, priority, value);
  }

  private Set<TicketField> plus(TicketField field) {
    var result = EnumSet.of(field);
    result.addAll(fields);
    return result;
  }
}
