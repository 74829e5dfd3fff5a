package dev.fieldops.support.application.archfixture;

import dev.fieldops.telemetry.v1.AlertRaised;

/** Violates the application rule: it reads telemetry's wire message instead of a fact. */
public final class HandlerUsingAnotherContextsContract {

  public String subjectOf(AlertRaised alert) {
    return alert.getSummary();
  }
}
