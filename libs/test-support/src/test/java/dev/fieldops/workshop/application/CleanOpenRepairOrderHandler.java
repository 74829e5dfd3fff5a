package dev.fieldops.workshop.application;

import dev.fieldops.kernel.Principal;
import dev.fieldops.workshop.domain.CleanRepairOrder;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps every rule: the domain, the kernel, Java and the logging API; an injected clock. */
public final class CleanOpenRepairOrderHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CleanOpenRepairOrderHandler.class);

  private final Clock clock;
  private final Supplier<String> ids;

  public CleanOpenRepairOrderHandler(Clock clock, Supplier<String> ids) {
    this.clock = clock;
    this.ids = ids;
  }

  public CleanRepairOrder open(Principal principal) {
    LOG.debug("opening a repair order");
    return new CleanRepairOrder(ids.get(), principal, clock.instant(), List.of());
  }
}
