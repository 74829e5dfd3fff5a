package dev.fieldops.support.bootstrap;

import dev.fieldops.support.adapter.nats.SupportConsumers;
import java.util.List;
import java.util.Map;

/**
 * {@code ./fieldops dead-letters support ...}: customer support's parked events, listed and retried
 * by the platform's command ({@link dev.fieldops.runtime.DeadLetterCommand}) over support's three
 * consumers.
 */
public final class DeadLetterCommand {

  /** Support's consumers, whose parked events the command shows. */
  public static final List<String> CONSUMERS =
      List.of(
          SupportConsumers.ALERT_TICKETS,
          SupportConsumers.ACTIVE_ALERTS,
          SupportConsumers.ACCOUNT_STANDING);

  private DeadLetterCommand() {}

  /** The command, reading the service's variables from {@code env}. */
  public static dev.fieldops.runtime.DeadLetterCommand of(Map<String, String> env) {
    return new dev.fieldops.runtime.DeadLetterCommand(
        CustomerSupportMain.DESCRIPTOR, CONSUMERS, env);
  }

  public static void main(String[] args) {
    of(System.getenv()).main(args);
  }
}
