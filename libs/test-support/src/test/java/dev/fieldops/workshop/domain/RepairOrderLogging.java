package dev.fieldops.workshop.domain;

import org.slf4j.LoggerFactory;

/**
 * Breaks the domain allow-list: the domain logs (the application may; the domain raises events).
 */
public final class RepairOrderLogging {

  public void close() {
    LoggerFactory.getLogger(RepairOrderLogging.class).info("closed");
  }
}
