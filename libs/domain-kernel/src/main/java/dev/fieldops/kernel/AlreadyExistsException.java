package dev.fieldops.kernel;

import java.util.Map;

/** Something unique is already taken (a payment reference, a charge's source reference). */
public final class AlreadyExistsException extends DomainException {

  public AlreadyExistsException(String reason, String message, Map<String, String> metadata) {
    super(reason, message, metadata);
  }
}
