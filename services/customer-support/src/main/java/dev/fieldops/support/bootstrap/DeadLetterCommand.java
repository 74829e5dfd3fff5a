package dev.fieldops.support.bootstrap;

import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.nats.inbox.DeadLetter;
import dev.fieldops.nats.inbox.DeadLetters;
import dev.fieldops.support.adapter.nats.SupportConsumers;
import dev.fieldops.support.adapter.postgres.JooqDeadLetterRetryRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's view of customer support's parked events (events its consumers could not apply):
 *
 * <pre>
 *   DeadLetterCommand list [consumer]   # parked events, oldest first, with the reason
 *   DeadLetterCommand retry &lt;id&gt;        # apply one again, once its cause is fixed
 * </pre>
 *
 * It reads the service's database variables. A retry runs in the service, which alone has the
 * consumers' handlers: the command files a request, the running service performs it within
 * {@code SUPPORT_DEAD_LETTER_RETRY_INTERVAL} and records the outcome, which the command waits for
 * (up to 30 s) and prints. Exit status 0 when the event was applied (or already had been).
 */
public final class DeadLetterCommand {

  private static final List<String> CONSUMERS =
      List.of(
          SupportConsumers.ALERT_TICKETS,
          SupportConsumers.ACTIVE_ALERTS,
          SupportConsumers.ACCOUNT_STANDING);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private DeadLetterCommand() {}

  public static void main(String[] args) {
    CommandOutput.quietLogs();
    if (args.length == 0 || args.length > 2) {
      usage();
      return;
    }
    try {
      switch (args[0]) {
        case "list" -> {
          var parked = list(System.getenv(), args.length == 2 ? Optional.of(args[1]) : Optional.empty());
          if (parked.isEmpty()) {
            System.out.println("no parked events");
          }
          parked.forEach(letter -> System.out.println(describe(letter)));
        }
        case "retry" -> {
          if (args.length != 2) {
            usage();
            return;
          }
          long id = Long.parseLong(args[1]);
          var outcome = retry(System.getenv(), id, WAIT);
          if (outcome.isEmpty()) {
            System.out.println(
                "retry of dead letter " + id + " requested; customer-support performs it when it"
                    + " runs (no answer within " + WAIT.toSeconds() + " s)");
            System.exit(3);
          }
          System.out.println("dead letter " + id + ": " + outcome.get());
          System.exit(outcome.get().startsWith("APPLIED") || outcome.get().startsWith("ALREADY")
              ? 0 : 1);
        }
        default -> usage();
      }
    } catch (NumberFormatException e) {
      System.err.println("the id of a dead letter is a number: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println("dead letters: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Parked events of one consumer, or of all of support's, oldest first. */
  public static List<DeadLetter> list(Map<String, String> env, Optional<String> consumer) {
    try (var database = open(env)) {
      var letters = new DeadLetters(database, List.of());
      var parked = new ArrayList<DeadLetter>();
      for (var name : consumer.map(List::of).orElse(CONSUMERS)) {
        parked.addAll(letters.list(name, 1_000));
      }
      parked.sort((a, b) -> Long.compare(a.id(), b.id()));
      return parked;
    }
  }

  /**
   * Files a retry request and waits up to {@code wait} for the running service's outcome ({@code
   * APPLIED}, {@code ALREADY_APPLIED}, {@code FAILED: …}, {@code NOT_PARKED: …}); empty when it did
   * not answer in time (the request stays and is performed when the service runs).
   */
  public static Optional<String> retry(Map<String, String> env, long deadLetterId, Duration wait)
      throws InterruptedException {
    try (var database = open(env)) {
      var requests = new JooqDeadLetterRetryRequests(database.dsl(), database.transactor());
      long request = requests.request(deadLetterId);
      var until = Instant.now().plus(wait);
      while (Instant.now().isBefore(until)) {
        var outcome = requests.outcome(request);
        if (outcome.isPresent()) {
          return outcome;
        }
        Thread.sleep(200);
      }
      return Optional.empty();
    }
  }

  private static Database open(Map<String, String> env) {
    return Database.start(
        DatabaseConfig.fromEnvironment(env, CustomerSupportMain.DESCRIPTOR.defaultDatabase()),
        List.of());
  }

  private static String describe(DeadLetter letter) {
    var error = letter.error() == null ? "" : letter.error().lines().findFirst().orElse("");
    return "%d  %s  %s  %s  seq=%s  attempts=%d  last=%s  event=%s%n    %s"
        .formatted(
            letter.id(),
            letter.consumer(),
            letter.reason(),
            letter.subject(),
            letter.streamSequence().map(String::valueOf).orElse("-"),
            letter.attempts(),
            letter.lastFailureTime(),
            letter.eventId().map(Object::toString).orElse("-"),
            error.length() > 300 ? error.substring(0, 300) + "…" : error);
  }

  private static void usage() {
    System.err.println("usage: DeadLetterCommand list [consumer] | retry <dead letter id>");
    System.exit(2);
  }
}
