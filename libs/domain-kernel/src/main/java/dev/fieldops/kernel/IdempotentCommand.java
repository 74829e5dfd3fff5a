package dev.fieldops.kernel;

/**
 * A command a client may send again with the same request id. Its principal is part of the
 * request's fingerprint, so that a request id can never replay one caller's response to another.
 */
public interface IdempotentCommand {

  Principal principal();
}
