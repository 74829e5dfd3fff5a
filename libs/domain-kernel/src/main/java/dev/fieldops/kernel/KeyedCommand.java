package dev.fieldops.kernel;

import java.util.Objects;

/**
 * A command together with the {@link RequestKey} of the request it came from: what an idempotent
 * command handler takes. Only a client's request has a key; event consumers and jobs call the plain
 * command handler.
 */
public record KeyedCommand<C extends IdempotentCommand>(RequestKey key, C command) {

  public KeyedCommand {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(command, "command");
  }
}
