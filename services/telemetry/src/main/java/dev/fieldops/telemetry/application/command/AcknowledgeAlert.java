package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.domain.alert.AlertId;
import java.util.Objects;

/**
 * Take note of an active alert, saying what is being done about it (the note may be empty); with an
 * etag, only if it is still at that version.
 */
public record AcknowledgeAlert(
    Principal principal, AlertId alertId, ExpectedVersion expectedVersion, String note) {

  public AcknowledgeAlert {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
    Objects.requireNonNull(note, "note");
  }

  /** An acknowledgement without a note. */
  public AcknowledgeAlert(Principal principal, AlertId alertId, ExpectedVersion expectedVersion) {
    this(principal, alertId, expectedVersion, "");
  }
}
