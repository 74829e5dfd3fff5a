package dev.fieldops.workshop.application;

import dev.fieldops.runtime.fixture.RuntimeType;

/** Breaks the application allow-list: a handler that uses a platform library. */
public final class HandlerUsingThePlatformRuntime {

  public void open(RuntimeType runtime) {}
}
