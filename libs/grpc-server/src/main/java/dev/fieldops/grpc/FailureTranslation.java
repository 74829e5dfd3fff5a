package dev.fieldops.grpc;

import dev.fieldops.kernel.DomainException;
import java.util.Optional;

/**
 * Names a failure of the platform below the gRPC layer (a database that cannot be reached, a
 * conflict between transactions) as a kernel exception, so that {@link ErrorMapper} maps kernel
 * exceptions only and never reads driver details. The persistence library supplies the one the
 * services use; a failure it does not name is an internal error.
 */
@FunctionalInterface
public interface FailureTranslation {

  /** The kernel exception {@code failure} stands for, or empty when it names none. */
  Optional<DomainException> translate(Throwable failure);

  /** Names nothing: every failure that is not already a kernel exception is internal. */
  static FailureTranslation none() {
    return failure -> Optional.empty();
  }
}
