package dev.fieldops.nats.inbox;

/**
 * Thrown by a handler (or decoder) for an event that is well-formed but not acceptable, for example
 * one that fails validation: the runner parks it at once with {@link ParkReason#REJECTED} instead
 * of retrying something that will never succeed.
 */
public class RejectedEventException extends Exception {

  private static final long serialVersionUID = 1L;

  public RejectedEventException(String message) {
    super(message);
  }

  public RejectedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
