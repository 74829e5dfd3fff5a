package dev.fieldops.runtime;

import dev.fieldops.config.Environment;
import dev.fieldops.jooq.Database;
import dev.fieldops.nats.inbox.ConsumerSupervisor;
import dev.fieldops.nats.inbox.DeadLetterRetryRequests;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The job every service with consumers runs: it performs operators' requests to retry parked events
 * ({@code ./fieldops dead-letters <context> retry}), since only the running service has the
 * consumers' handlers. Named {@code <context>-dead-letter-retries} (also its advisory lock), every
 * {@code <CONTEXT>_DEAD_LETTER_RETRY_INTERVAL} (default 2 s).
 */
public final class DeadLetterRetries {

  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  private DeadLetterRetries() {}

  /**
   * {@code <CONTEXT>_DEAD_LETTER_RETRY_INTERVAL}, e.g. {@code SUPPORT_DEAD_LETTER_RETRY_INTERVAL}.
   */
  public static String intervalVariable(ServiceDescriptor service) {
    return service.context().toUpperCase(Locale.ROOT) + "_DEAD_LETTER_RETRY_INTERVAL";
  }

  /** {@code <context>-dead-letter-retries}. */
  public static String jobName(ServiceDescriptor service) {
    return service.context() + "-dead-letter-retries";
  }

  /** How often the service performs open requests: between 50 ms and 10 min. */
  public static Duration interval(ServiceDescriptor service, Map<String, String> env) {
    return Environment.of(env)
        .duration(
            intervalVariable(service),
            DEFAULT_INTERVAL,
            Duration.ofMillis(50),
            Duration.ofMinutes(10));
  }

  /** The job performing the requests with {@code consumers}' handlers. */
  public static PeriodicJob job(
      ServiceDescriptor service,
      Map<String, String> env,
      Database database,
      ConsumerSupervisor consumers) {
    var requests = new DeadLetterRetryRequests(database);
    return new PeriodicJob(
        jobName(service), interval(service, env), () -> requests.performOpen(consumers));
  }
}
