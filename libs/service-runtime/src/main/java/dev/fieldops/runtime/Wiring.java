package dev.fieldops.runtime;

/** A service's composition root: builds its adapters and handlers with plain constructors. */
@FunctionalInterface
public interface Wiring {

  Application wire(Infrastructure infrastructure) throws Exception;
}
