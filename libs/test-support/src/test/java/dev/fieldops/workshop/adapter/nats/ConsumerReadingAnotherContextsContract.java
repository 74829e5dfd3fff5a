package dev.fieldops.workshop.adapter.nats;

import dev.fieldops.warehouse.v1.PartReserved;

/** Breaks the decoder rule: another context's generated type outside the named decoders. */
public final class ConsumerReadingAnotherContextsContract {

  public String part(PartReserved event) {
    return event.getPartId();
  }
}
