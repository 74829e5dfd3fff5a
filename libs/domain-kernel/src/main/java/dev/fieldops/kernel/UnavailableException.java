package dev.fieldops.kernel;

import java.util.Map;

/**
 * Something the service needs (its database, for example) cannot be reached for now. Nothing was
 * decided about the request; the caller may retry later, unchanged.
 */
public final class UnavailableException extends DomainException {

  public UnavailableException(String reason, String message, Map<String, String> metadata) {
    super(reason, message, metadata);
  }
}
