package dev.fieldops.workshop.adapter.nats;

import dev.fieldops.warehouse.v1.PartReserved;

/**
 * Keeps every rule: the workshop's anti-corruption decoder, the one class (with its nested ones)
 * allowed to read the warehouse's generated types.
 */
public final class PartReservedDecoder {

  public Reservation decode(PartReserved event) {
    return Reservation.of(event);
  }

  /** The reservation in the workshop's own words. */
  public record Reservation(String partId) {

    static Reservation of(PartReserved event) {
      return new Reservation(event.getPartId());
    }
  }
}
