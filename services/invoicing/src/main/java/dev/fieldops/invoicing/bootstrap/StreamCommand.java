package dev.fieldops.invoicing.bootstrap;

import java.util.Map;

/**
 * {@code ./fieldops stream invoicing create|verify|update}: the operator creates, checks or updates
 * the stream this service declares ({@link InvoicingMain#DESCRIPTOR}), with the platform's command
 * ({@link dev.fieldops.runtime.StreamCommand}).
 */
public final class StreamCommand {

  private StreamCommand() {}

  /** The command, reading the NATS variables from {@code env}. */
  public static dev.fieldops.runtime.StreamCommand of(Map<String, String> env) {
    return new dev.fieldops.runtime.StreamCommand(InvoicingMain.DESCRIPTOR, env);
  }

  public static void main(String[] args) {
    of(System.getenv()).main(args);
  }
}
