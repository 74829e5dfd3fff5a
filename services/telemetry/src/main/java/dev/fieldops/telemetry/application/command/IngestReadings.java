package dev.fieldops.telemetry.application.command;

import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.domain.reading.ReadingSubmission;
import java.util.List;
import java.util.Objects;

/** A batch of readings as received (one unary call, or one chunk of a stream). */
public record IngestReadings(Principal principal, List<ReadingSubmission> readings) {

  public IngestReadings {
    Objects.requireNonNull(principal, "principal");
    readings = List.copyOf(readings);
  }
}
