package dev.fieldops.workshop.application;

import dev.fieldops.warehouse.v1.PartReserved;

/** Breaks the application allow-list and the decoder rule: another context's generated type. */
public final class HandlerUsingAnotherContextsContract {

  public void onReserved(PartReserved event) {}
}
