package dev.fieldops.invoicing.bootstrap;

import dev.fieldops.invoicing.adapter.nats.DeviceMonitoringConsumer;
import dev.fieldops.invoicing.adapter.nats.SupportChargesConsumer;
import java.util.List;
import java.util.Map;

/**
 * {@code ./fieldops dead-letters invoicing ...}: invoicing's parked events, listed and retried by
 * the platform's command ({@link dev.fieldops.runtime.DeadLetterCommand}) over invoicing's two
 * consumers.
 */
public final class DeadLetterCommand {

  /** Invoicing's consumers, whose parked events the command shows. */
  public static final List<String> CONSUMERS =
      List.of(SupportChargesConsumer.NAME, DeviceMonitoringConsumer.NAME);

  private DeadLetterCommand() {}

  /** The command, reading the service's variables from {@code env}. */
  public static dev.fieldops.runtime.DeadLetterCommand of(Map<String, String> env) {
    return new dev.fieldops.runtime.DeadLetterCommand(InvoicingMain.DESCRIPTOR, CONSUMERS, env);
  }

  public static void main(String[] args) {
    of(System.getenv()).main(args);
  }
}
