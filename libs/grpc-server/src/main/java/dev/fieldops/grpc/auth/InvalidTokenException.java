package dev.fieldops.grpc.auth;

import java.util.Objects;

/**
 * A bearer token that does not authenticate anyone. The {@link #reason()} is safe to show a caller;
 * the message (which may quote the library's diagnosis) is for the server's log only.
 */
public final class InvalidTokenException extends Exception {

  /** Why the token was refused, as the caller may learn it. */
  public enum Reason {
    /** No {@code authorization: Bearer ...} header at all. */
    CREDENTIALS_MISSING("missing bearer token"),
    /** Signed correctly by a trusted key, but past its {@code exp}. */
    TOKEN_EXPIRED("bearer token expired"),
    /**
     * Signed correctly, but valid for longer than its kind of principal may be ({@link
     * TokenLifetimes}).
     */
    TOKEN_LIFETIME_TOO_LONG("bearer token is valid for longer than allowed"),
    /** Signed correctly, but its {@code jti} is on the deny list ({@link RevokedTokens}). */
    TOKEN_REVOKED("bearer token has been revoked"),
    /**
     * Anything else: malformed, wrong signature or algorithm, wrong issuer or audience, bad claims.
     */
    TOKEN_INVALID("invalid bearer token");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** A short explanation safe to return to any caller. */
    public String description() {
      return description;
    }
  }

  private final Reason reason;

  public InvalidTokenException(Reason reason, String message) {
    this(reason, message, null);
  }

  public InvalidTokenException(Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
