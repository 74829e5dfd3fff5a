package dev.fieldops.kernel;

import java.util.Map;

/**
 * The requested object does not exist, or the caller may not see it; the two are deliberately
 * indistinguishable so that ids of other customers' objects leak nothing.
 */
public final class NotFoundException extends DomainException {

  public NotFoundException(String reason, String message, Map<String, String> metadata) {
    super(reason, message, metadata);
  }

  /**
   * A not-found error for one resource kind, e.g. {@code notFound("ticket", id)} →
   * TICKET_NOT_FOUND.
   */
  public static NotFoundException of(String resource, String id) {
    return new NotFoundException(
        resource.toUpperCase(java.util.Locale.ROOT) + "_NOT_FOUND",
        resource + " " + id + " not found",
        Map.of(resource + "_id", id));
  }
}
