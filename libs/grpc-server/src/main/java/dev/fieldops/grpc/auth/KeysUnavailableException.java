package dev.fieldops.grpc.auth;

/**
 * The verification keys could not be fetched (the JWKS endpoint is down). Unlike a bad token this
 * says nothing about the caller, so it surfaces as UNAVAILABLE, which clients may retry.
 */
public final class KeysUnavailableException extends RuntimeException {

  public KeysUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
