package dev.fieldops.telemetry.application.command;

import dev.fieldops.telemetry.domain.reading.ReadingSubmission;
import java.util.List;

/** A batch of readings as received (one unary call, or one chunk of a stream). */
public record IngestReadings(List<ReadingSubmission> readings) {

  public IngestReadings {
    readings = List.copyOf(readings);
  }
}
