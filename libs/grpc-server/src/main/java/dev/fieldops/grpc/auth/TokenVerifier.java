package dev.fieldops.grpc.auth;

import dev.fieldops.kernel.Principal;

/**
 * Turns a bearer token into the principal it proves, or refuses it. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface TokenVerifier {

  /**
   * Verifies {@code token} (the part after {@code Bearer }).
   *
   * @throws InvalidTokenException when the token proves nothing; the caller gets UNAUTHENTICATED
   */
  Principal verify(String token) throws InvalidTokenException;
}
