package dev.fieldops.support.application.event;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the periodic retry of alert tickets still waiting for their device details: the ones
 * due now, at most {@code batchSize}, each described or postponed again ({@link
 * EnrichAlertTicketHandler#enrichDue}). The wiring only schedules it.
 */
public final class EnrichDueTicketsJob implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(EnrichDueTicketsJob.class);

  private final EnrichAlertTicketHandler enrich;
  private final int batchSize;

  public EnrichDueTicketsJob(EnrichAlertTicketHandler enrich, int batchSize) {
    this.enrich = Objects.requireNonNull(enrich, "enrich");
    if (batchSize < 1) {
      throw new IllegalArgumentException("a run describes one ticket or more");
    }
    this.batchSize = batchSize;
  }

  @Override
  public void run() {
    int described = enrich.enrichDue(batchSize);
    if (described > 0) {
      LOG.info("described the device on {} alert tickets", described);
    }
  }
}
