package dev.fieldops.grpc;

import dev.fieldops.kernel.Principal;
import io.grpc.Context;
import java.util.Optional;

/**
 * The authenticated caller of the current RPC, as placed into the gRPC {@link Context} by the
 * authentication interceptor. gRPC adapters read it and pass it on to application handlers as a
 * plain {@link Principal} argument; nothing below the adapter touches the gRPC context.
 *
 * <p>The context follows the call's callbacks, not arbitrary threads: work handed to another
 * executor must carry it along ({@code Context.current().wrap(runnable)}).
 */
public final class CallPrincipal {

  static final Context.Key<Principal> KEY = Context.key("fieldops-principal");

  private CallPrincipal() {}

  /**
   * The caller of the RPC being served.
   *
   * @throws IllegalStateException outside an authenticated call (health, reflection, or a thread
   *     the context was not propagated to)
   */
  public static Principal current() {
    Principal principal = KEY.get();
    if (principal == null) {
      throw new IllegalStateException(
          "no authenticated principal in the current gRPC context (not inside an authenticated"
              + " call, or the context was not propagated to this thread)");
    }
    return principal;
  }

  /** The caller, if the current context carries one. */
  public static Optional<Principal> find() {
    return Optional.ofNullable(KEY.get());
  }
}
