package dev.fieldops.support.application.archfixture;

import dev.fieldops.runtime.IdempotentCommands;

/** Breaks the layering: a handler reaching for the platform runtime instead of its ports. */
public class HandlerUsingThePlatformRuntime {
  public IdempotentCommands handle(IdempotentCommands commands) {
    return commands;
  }
}
