package dev.fieldops.invoicing.application.command;

import dev.fieldops.kernel.Principal;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the monthly monitoring billing: every started month of every device not billed yet
 * ({@link DeviceMonitoringHandler#chargeStartedMonths}), acting as {@code principal}. The wiring
 * only schedules it.
 */
public final class MonthlyMonitoringJob implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(MonthlyMonitoringJob.class);

  private final DeviceMonitoringHandler monitoring;
  private final Principal principal;

  public MonthlyMonitoringJob(DeviceMonitoringHandler monitoring, Principal principal) {
    this.monitoring = Objects.requireNonNull(monitoring, "monitoring");
    this.principal = Objects.requireNonNull(principal, "principal");
  }

  @Override
  public void run() {
    int recorded = monitoring.chargeStartedMonths(principal);
    if (recorded > 0) {
      LOG.atInfo().addKeyValue("charges", recorded).log("monthly monitoring charges recorded");
    }
  }
}
