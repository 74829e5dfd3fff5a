package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.domain.alert.AlertId;
import java.util.Objects;

public record GetAlert(Principal principal, AlertId alertId) {

  public GetAlert {
    Objects.requireNonNull(principal, "principal");
  }
}
