package dev.fieldops.telemetry.fake;

import dev.fieldops.telemetry.domain.shared.DomainEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The events the fakes "wrote to the outbox", in commit order. */
public final class InMemoryOutbox {

  private final List<DomainEvent> events = new ArrayList<>();

  synchronized void append(Collection<? extends DomainEvent> committed) {
    events.addAll(committed);
  }

  public synchronized List<DomainEvent> events() {
    return List.copyOf(events);
  }

  public synchronized <T extends DomainEvent> List<T> eventsOf(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public synchronized List<UUID> eventIds() {
    return events.stream().map(DomainEvent::eventId).toList();
  }

  public synchronized void clear() {
    events.clear();
  }
}
