package dev.fieldops.telemetry.archfixture.adapter.nats;

/** The messaging adapter's event mapper, which storage receives only as an outbox encoder. */
public final class EventMapper {
  public String subject() {
    return "telemetry.fixture";
  }
}
