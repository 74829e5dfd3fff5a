package dev.fieldops.support.adapter.grpc;

import dev.fieldops.grpc.auth.TokenMinter;
import dev.fieldops.kernel.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The bearer token customer support presents when it calls another context. Either a fixed token
 * given by the operator, or one minted for support's {@code service} principal with the local
 * signing key and minted again well before it expires, so a call never carries a token that dies on
 * the way.
 */
public final class ServiceToken implements Supplier<String> {

  private final Supplier<String> mint;
  private final Duration lifetime;
  private final Clock clock;
  private String current;
  private Instant renewAt = Instant.MIN;

  private ServiceToken(Supplier<String> mint, Duration lifetime, Clock clock) {
    this.mint = mint;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** Always the same token (the operator renews it). */
  public static ServiceToken fixed(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("a token cannot be blank");
    }
    return new ServiceToken(() -> token, null, null);
  }

  /**
   * Tokens minted for {@code principal}, each valid for {@code lifetime} and replaced once two
   * thirds of it have passed.
   */
  public static ServiceToken minted(
      TokenMinter minter, Principal principal, Duration lifetime, Clock clock) {
    Objects.requireNonNull(minter, "minter");
    Objects.requireNonNull(principal, "principal");
    if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("a service token lives at least a minute: " + lifetime);
    }
    return new ServiceToken(() -> minter.mint(principal, lifetime), lifetime, clock);
  }

  @Override
  public synchronized String get() {
    if (lifetime == null) {
      return mint.get();
    }
    var now = clock.instant();
    if (current == null || !now.isBefore(renewAt)) {
      current = mint.get();
      renewAt = now.plus(lifetime.multipliedBy(2).dividedBy(3));
    }
    return current;
  }
}
