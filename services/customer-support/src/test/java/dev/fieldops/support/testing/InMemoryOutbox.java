package dev.fieldops.support.testing;

import dev.fieldops.support.domain.shared.SupportEvent;
import java.util.ArrayList;
import java.util.List;

/** The events the in-memory repositories stored with their changes, in the order written. */
public final class InMemoryOutbox {

  private final List<SupportEvent> events = new ArrayList<>();

  synchronized void append(List<? extends SupportEvent> written) {
    events.addAll(written);
  }

  public synchronized List<SupportEvent> events() {
    return List.copyOf(events);
  }

  public synchronized <T extends SupportEvent> List<T> eventsOfType(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public synchronized List<SupportEvent> eventsOf(String aggregateId) {
    return events.stream().filter(e -> e.aggregateId().equals(aggregateId)).toList();
  }
}
