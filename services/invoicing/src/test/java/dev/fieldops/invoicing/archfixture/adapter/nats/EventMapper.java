package dev.fieldops.invoicing.archfixture.adapter.nats;

/** The messaging adapter's event mapper, which storage receives only as an outbox encoder. */
public final class EventMapper {
  public String subject() {
    return "invoicing.fixture";
  }
}
