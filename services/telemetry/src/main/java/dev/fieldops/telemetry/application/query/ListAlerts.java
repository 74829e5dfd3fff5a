package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.alert.AlertFilter;
import java.util.Objects;

public record ListAlerts(Principal principal, AlertFilter filter, PageRequest page) {

  public ListAlerts {
    Objects.requireNonNull(principal, "principal");
  }
}
