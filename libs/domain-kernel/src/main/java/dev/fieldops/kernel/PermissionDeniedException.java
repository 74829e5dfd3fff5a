package dev.fieldops.kernel;

import java.util.Map;

/**
 * The caller is known and may use the operation in general, but not this action on this kind of
 * object (a customer trying to resolve its own ticket). Objects the caller may not even see are
 * reported as {@link NotFoundException} instead, so that their existence leaks nothing.
 */
public final class PermissionDeniedException extends DomainException {

  public PermissionDeniedException(String reason, String message, Map<String, String> metadata) {
    super(reason, message, metadata);
  }
}
