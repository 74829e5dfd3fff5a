package dev.fieldops.support.domain.ticket;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The fields of a ticket that {@code UpdateTicket} may change, named by their update-mask paths.
 * Status, assignee, resolution and SLA change only through transitions; number, customer, channel,
 * device and alert never change.
 */
public enum TicketField {
  SUBJECT("subject"),
  DESCRIPTION("description"),
  PRIORITY("priority"),
  TAGS("tags");

  private final String path;

  TicketField(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }

  /**
   * The fields named by update-mask paths; {@code "*"} names all of them.
   *
   * @throws InvalidInputException {@code INVALID_UPDATE_MASK} on {@code update_mask} for an unknown
   *     path or a field that is not client-writable
   */
  public static Set<TicketField> fromPaths(Collection<String> paths) {
    var fields = EnumSet.noneOf(TicketField.class);
    for (String path : paths) {
      if (path.equals("*")) {
        fields.addAll(EnumSet.allOf(TicketField.class));
        continue;
      }
      fields.add(
          EnumSet.allOf(TicketField.class).stream()
              .filter(field -> field.path.equals(path))
              .findFirst()
              .orElseThrow(
                  () ->
                      InvalidInputException.of(
                          "INVALID_UPDATE_MASK",
                          "update_mask",
                          "'" + path + "' is not a field UpdateTicket may change")));
    }
    return fields;
  }
}
