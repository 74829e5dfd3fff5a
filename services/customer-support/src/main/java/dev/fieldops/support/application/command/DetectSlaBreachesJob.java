package dev.fieldops.support.application.command;

import dev.fieldops.kernel.CommandHandler;
import dev.fieldops.support.application.shared.SupportAccess;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the periodic SLA breach scan, as support's automation: it scans again at once while a
 * batch came back full and recorded something, so a backlog (say, after the service was down)
 * drains in one run. The wiring only schedules it.
 */
public final class DetectSlaBreachesJob implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(DetectSlaBreachesJob.class);

  private final CommandHandler<DetectSlaBreaches, SlaBreachScan> detectBreaches;
  private final DetectSlaBreaches command;

  /** Scans with {@code detectBreaches}, {@code batchSize} tickets at a time. */
  public DetectSlaBreachesJob(
      CommandHandler<DetectSlaBreaches, SlaBreachScan> detectBreaches, int batchSize) {
    this.detectBreaches = Objects.requireNonNull(detectBreaches, "detectBreaches");
    this.command = new DetectSlaBreaches(SupportAccess.AUTOMATION, batchSize);
  }

  @Override
  public void run() {
    var scan = detectBreaches.handle(command);
    int recorded = scan.breaches().size();
    while (scan.moreMayRemain() && !scan.breaches().isEmpty()) {
      scan = detectBreaches.handle(command);
      recorded += scan.breaches().size();
    }
    if (recorded > 0) {
      LOG.info("recorded {} SLA breaches", recorded);
    }
  }
}
