package dev.fieldops.runtime;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fieldops.commandline.CommandFailure;
import dev.fieldops.commandline.CommandLines;
import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.nats.inbox.DeadLetter;
import dev.fieldops.nats.inbox.DeadLetterRetryRequests;
import dev.fieldops.nats.inbox.DeadLetters;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The operator's view of a service's parked events (events its consumers could not apply), {@code
 * ./fieldops dead-letters <context> ...}, the same for every service that consumes:
 *
 * <pre>
 *   list [CONSUMER] [--json]   # parked events, oldest first, with the reason
 *   retry ID [--json]          # apply one again, once its cause is fixed
 * </pre>
 *
 * It reads the service's database variables. A retry runs in the service, which alone has the
 * consumers' handlers: the command files a request, the running service performs it within {@code
 * <CONTEXT>_DEAD_LETTER_RETRY_INTERVAL} ({@link DeadLetterRetries}) and records the outcome, which
 * the command waits for (up to 30 s) and prints. Exit status ({@link CommandLines}): 0 when the
 * event was applied (or already had been), 1 when the retry failed or the event was not parked, 3
 * when the service did not answer in time (the request stays and is performed when it runs).
 */
@Command(
    name = "fieldops dead-letters",
    description = "The service's parked events: the events its consumers could not apply.",
    subcommands = {DeadLetterCommand.ListParked.class, DeadLetterCommand.Retry.class})
public final class DeadLetterCommand implements Runnable {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  @Spec CommandSpec spec;

  private final ServiceDescriptor service;
  private final List<String> consumers;
  private final Map<String, String> env;

  /**
   * The command of {@code service}, whose consumers are {@code consumers} (durable names), reading
   * the service's variables from {@code env}.
   */
  public DeadLetterCommand(
      ServiceDescriptor service, List<String> consumers, Map<String, String> env) {
    this.service = Objects.requireNonNull(service, "service");
    this.consumers = List.copyOf(consumers);
    this.env = Map.copyOf(env);
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is needed: list or retry");
  }

  /** The command line model, named {@code fieldops dead-letters <context>}. */
  public CommandSpec commandSpec() {
    CommandSpec model = CommandSpec.forAnnotatedObject(this);
    model.name("fieldops dead-letters " + service.context());
    return model;
  }

  /** Runs the command with {@code args}; returns the exit code ({@link CommandLines}). */
  public int execute(String[] args, PrintWriter out, PrintWriter err) {
    return CommandLines.execute(commandSpec(), args, out, err);
  }

  /** Runs the command on the standard streams, its answer not drowned in the service's logs. */
  public void main(String[] args) {
    ServiceCommands.quietLogs();
    CommandLines.main(commandSpec(), args);
  }

  @Command(name = "list", description = "List parked events, oldest first, with the reason.")
  static final class ListParked implements Callable<Integer> {

    @Spec CommandSpec spec;

    @ParentCommand DeadLetterCommand parent;

    @Parameters(
        arity = "0..1",
        paramLabel = "CONSUMER",
        description = "Only this consumer's (default: all of the service's consumers).")
    String consumer;

    @Option(names = "--json", description = "Print a JSON array, one object per parked event.")
    boolean json;

    @Override
    public Integer call() {
      if (consumer != null && !parent.consumers.contains(consumer)) {
        throw new ParameterException(
            spec.commandLine(),
            "no consumer '" + consumer + "'; choose one of " + String.join(", ", parent.consumers));
      }
      var parked = parent.list(Optional.ofNullable(consumer));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        var array = new JsonArray();
        parked.forEach(letter -> array.add(toJson(letter)));
        out.println(GSON.toJson(array));
      } else if (parked.isEmpty()) {
        out.println("no parked events");
      } else {
        parked.forEach(letter -> out.println(describe(letter)));
      }
      out.flush();
      return CommandLines.OK;
    }
  }

  @Command(name = "retry", description = "Apply a parked event again, once its cause is fixed.")
  static final class Retry implements Callable<Integer> {

    @Spec CommandSpec spec;

    @ParentCommand DeadLetterCommand parent;

    @Parameters(paramLabel = "ID", description = "The dead letter's id, as list prints it.")
    long id;

    @Option(names = "--json", description = "Print the outcome as a JSON object.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
      var outcome = parent.retry(id, WAIT);
      PrintWriter out = spec.commandLine().getOut();
      String[] parts = outcome.orElse("REQUESTED").split(": ", 2);
      if (json) {
        var object = new JsonObject();
        object.addProperty("id", id);
        object.addProperty("outcome", parts[0]);
        if (parts.length > 1) {
          object.addProperty("detail", parts[1]);
        }
        out.println(GSON.toJson(object));
      } else if (outcome.isPresent() && succeeded(parts[0])) {
        out.println("dead letter " + id + ": " + outcome.get());
      }
      out.flush();
      String name = parent.service.serviceName();
      if (outcome.isEmpty()) {
        throw CommandFailure.unavailable(
            name
                + " did not answer within "
                + WAIT.toSeconds()
                + " s; the retry of dead"
                + " letter "
                + id
                + " stays requested",
            "start " + name + " (./fieldops up): it performs the retry when it runs");
      }
      if (!succeeded(parts[0])) {
        throw CommandFailure.failed(
            "dead letter " + id + ": " + outcome.get(),
            parts[0].equals("NOT_PARKED")
                ? "list shows what is parked"
                : "it is still parked: fix what the error says, then retry it again");
      }
      return CommandLines.OK;
    }

    private static boolean succeeded(String outcome) {
      return outcome.equals("APPLIED") || outcome.equals("ALREADY_APPLIED");
    }
  }

  /** Parked events of one consumer, or of all of the service's, oldest first. */
  public List<DeadLetter> list(Optional<String> consumer) {
    try (var database = open()) {
      var letters = new DeadLetters(database, List.of());
      var parked = new ArrayList<DeadLetter>();
      for (var name : consumer.map(List::of).orElse(consumers)) {
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
  public Optional<String> retry(long deadLetterId, Duration wait) throws InterruptedException {
    try (var database = open()) {
      var requests = new DeadLetterRetryRequests(database);
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

  private Database open() {
    return Database.start(
        DatabaseConfig.fromEnvironment(env, service.defaultDatabase()), List.of());
  }

  /** One parked event for scripts, field names as in the contract's JSON. */
  static JsonObject toJson(DeadLetter letter) {
    var object = new JsonObject();
    object.addProperty("id", letter.id());
    object.addProperty("consumer", letter.consumer());
    object.addProperty("reason", letter.reason().name());
    object.addProperty("subject", letter.subject());
    letter.streamSequence().ifPresent(sequence -> object.addProperty("stream_sequence", sequence));
    letter.eventId().ifPresent(id -> object.addProperty("event_id", id.toString()));
    object.addProperty("attempts", letter.attempts());
    object.addProperty("first_failure_time", letter.firstFailureTime().toString());
    object.addProperty("last_failure_time", letter.lastFailureTime().toString());
    object.addProperty("error", letter.error() == null ? "" : letter.error());
    return object;
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
}
