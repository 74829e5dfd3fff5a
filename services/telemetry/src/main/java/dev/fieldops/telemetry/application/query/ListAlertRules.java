package dev.fieldops.telemetry.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.rule.AlertRuleFilter;
import java.util.Objects;

public record ListAlertRules(Principal principal, AlertRuleFilter filter, PageRequest page) {

  public ListAlertRules {
    Objects.requireNonNull(principal, "principal");
  }
}
