package dev.fieldops.nats;

import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Who a NATS client is to the server: a credentials file (a user JWT and its NKey seed, as {@code
 * nsc} writes them for a server in operator mode), an NKey seed file (a user listed by its public
 * key in the server's {@code authorization} block, as in {@code deploy/nats/permissions.conf}), or
 * a user name and password (a development fallback). Files are read at every (re)connect, so a
 * rotated file takes effect without a restart.
 */
public sealed interface NatsCredentials {

  /** No credentials (or only those embedded in the URL): a local server without authorization. */
  record None() implements NatsCredentials {}

  /** A {@code .creds} file: user JWT plus NKey seed. */
  record CredsFile(Path file) implements NatsCredentials {
    public CredsFile {
      Objects.requireNonNull(file, "file");
    }
  }

  /** A file holding an NKey user seed ({@code SU...}). */
  record SeedFile(Path file) implements NatsCredentials {
    public SeedFile {
      Objects.requireNonNull(file, "file");
    }
  }

  /** User and password: for development servers only. */
  record UserPassword(String user, String password) implements NatsCredentials {
    public UserPassword {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "UserPassword[user=" + user + ", password=****]";
    }
  }

  static NatsCredentials none() {
    return new None();
  }

  /** Adds these credentials to a client's options. */
  default void applyTo(Options.Builder options) {
    switch (this) {
      case None none -> {}
      case CredsFile creds -> options.authHandler(Nats.credentials(creds.file().toString()));
      case SeedFile seed -> options.authHandler(Nats.credentials(null, seed.file().toString()));
      case UserPassword up -> options.userInfo(up.user(), up.password());
    }
  }

  /** How the identity is shown in logs and messages, never with a secret. */
  default String describe() {
    return switch (this) {
      case None none -> "no credentials";
      case CredsFile creds -> "credentials file " + creds.file();
      case SeedFile seed -> "NKey seed file " + seed.file();
      case UserPassword up -> "user " + up.user() + " with a password";
    };
  }
}
