package dev.fieldops.kernel;

import java.util.Map;
import java.util.Objects;

/**
 * The caller stopped waiting for a command before it committed (the call's deadline passed, or the
 * caller cancelled it), and the command was rolled back: nothing was changed. A caller still there
 * may send it again unchanged.
 */
public final class AbandonedException extends DomainException {

  /** Why the caller is gone. */
  public enum Why {
    /** The call's deadline passed. */
    DEADLINE_PASSED,
    /** The caller cancelled the call (or its connection ended). */
    CANCELLED
  }

  private final Why why;

  public AbandonedException(Why why, String message) {
    super(
        Objects.requireNonNull(why, "why") == Why.DEADLINE_PASSED
            ? "DEADLINE_PASSED"
            : "CALL_CANCELLED",
        message,
        Map.of());
    this.why = why;
  }

  public Why why() {
    return why;
  }
}
