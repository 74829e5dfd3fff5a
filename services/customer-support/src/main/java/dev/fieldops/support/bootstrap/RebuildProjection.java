package dev.fieldops.support.bootstrap;

import com.google.gson.JsonObject;
import dev.fieldops.commandline.CommandLines;
import dev.fieldops.jooq.Database;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.nats.JetStreamErrors;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.runtime.ServiceCommands;
import dev.fieldops.support.adapter.nats.SupportConsumers;
import dev.fieldops.support.adapter.postgres.JooqProjectionReset;
import dev.fieldops.support.adapter.postgres.JooqProjectionReset.Projection;
import dev.fieldops.support.adapter.postgres.JooqProjectionReset.Removed;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The operator's command that rebuilds one of customer support's projections from its stream,
 * {@code ./fieldops rebuild-projection support ...}:
 *
 * <pre>
 *   active-alerts      # active_alert_count, from TELEMETRY telemetry.alert.&gt;
 *   account-standing   # account_standing, from INVOICING invoicing.invoice.&gt;
 * </pre>
 *
 * It reads the service's own variables ({@code DATABASE_URL}, {@code DATABASE_USER}, {@code
 * DATABASE_PASSWORD}, {@code NATS_URL}) and works whether the service runs or not: in one
 * transaction it empties the projection and everything its consumer remembers (inbox rows, last
 * versions, parked events), then deletes the consumer's durable on the stream and creates it again,
 * with the same configuration, at the start of the stream. The consumer (at once when the service
 * runs, else when it starts) then applies every event the stream still holds again. Events the
 * running consumer applies between the two steps are simply recognised as duplicates during the
 * replay.
 *
 * <p>The alert-ticket consumer is not a projection (its effects are tickets, with their own events)
 * and can never be rebuilt. Exit status as every command's ({@link CommandLines}); {@code --json}
 * prints the result as one JSON object.
 */
@Command(
    name = "fieldops rebuild-projection support",
    description = {
      "Empty one of customer support's read models and replay it from its stream (the service may"
          + " run meanwhile).",
      "PROJECTION is active-alerts (from TELEMETRY) or account-standing (from INVOICING)."
    })
public final class RebuildProjection implements Callable<Integer> {

  /** The projections that can be rebuilt, by the name the command takes. */
  public enum Target {
    ACTIVE_ALERTS(
        "active-alerts",
        Projection.ACTIVE_ALERTS,
        SupportConsumers.ACTIVE_ALERTS,
        SupportConsumers.TELEMETRY_STREAM),
    ACCOUNT_STANDING(
        "account-standing",
        Projection.ACCOUNT_STANDING,
        SupportConsumers.ACCOUNT_STANDING,
        SupportConsumers.INVOICING_STREAM);

    private final String commandName;
    private final Projection projection;
    private final String consumer;
    private final String stream;

    Target(String commandName, Projection projection, String consumer, String stream) {
      this.commandName = commandName;
      this.projection = projection;
      this.consumer = consumer;
      this.stream = stream;
    }

    public String commandName() {
      return commandName;
    }

    public String consumer() {
      return consumer;
    }

    public String stream() {
      return stream;
    }

    /** The target a command argument names. */
    public static Target named(String name) {
      return Arrays.stream(values())
          .filter(target -> target.commandName.equals(name))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "no projection '" + name + "'; choose one of " + names()));
    }

    static List<String> names() {
      return Arrays.stream(values()).map(Target::commandName).toList();
    }
  }

  /** What a rebuild did. */
  public record Result(Target target, Removed removed, boolean durableRecreated) {}

  private static final Duration DELETION_TIMEOUT = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PROJECTION", description = "active-alerts or account-standing.")
  String projection;

  @Option(names = "--json", description = "Print what was done as a JSON object.")
  boolean json;

  private final Map<String, String> env;

  /** Reading the service's variables from the process environment. */
  public RebuildProjection() {
    this(System.getenv());
  }

  /** Reading the service's variables from {@code env}. */
  public RebuildProjection(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static void main(String[] args) {
    ServiceCommands.quietLogs();
    CommandLines.main(new RebuildProjection(), args);
  }

  @Override
  public Integer call() throws Exception {
    Target target;
    try {
      target = Target.named(projection);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    var result = rebuild(env, target);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      var object = new JsonObject();
      object.addProperty("projection", target.commandName());
      object.addProperty("consumer", target.consumer());
      object.addProperty("stream", target.stream());
      object.addProperty("removed_projection_rows", result.removed().projectionRows());
      object.addProperty("removed_inbox_rows", result.removed().inboxRows());
      object.addProperty("removed_parked_events", result.removed().parkedEvents());
      object.addProperty("durable_recreated", result.durableRecreated());
      out.println(object);
    } else {
      out.printf(
          "%s: removed %d projection rows, %d inbox rows and %d parked events of consumer %s;"
              + " %s%n",
          target.commandName(),
          result.removed().projectionRows(),
          result.removed().inboxRows(),
          result.removed().parkedEvents(),
          target.consumer(),
          result.durableRecreated()
              ? "re-created its durable at the start of stream " + target.stream()
              : "it had no durable on stream " + target.stream() + " yet");
      out.println(
          "customer-support now replays stream "
              + target.stream()
              + " into the projection (at once if it runs, else when it starts).");
    }
    out.flush();
    return CommandLines.OK;
  }

  /**
   * Deletes the consumer's durable and creates it again with the same configuration, which starts
   * it over at the beginning of the stream. Re-creating it here rather than leaving that to the
   * running consumer closes a race: a consumer that notices the deletion re-creates its durable at
   * once, and when that request reaches the server before the deletion has finished, the server
   * answers with the old durable and then removes it, leaving the consumer pulling from nothing.
   *
   * @return false when there was no durable (never started, or no stream yet): the consumer then
   *     starts from the beginning anyway when it is first created
   */
  static boolean recreateDurable(JetStreamManagement management, Target target)
      throws IOException, JetStreamApiException, InterruptedException {
    ConsumerConfiguration config;
    try {
      config =
          management.getConsumerInfo(target.stream, target.consumer).getConsumerConfiguration();
    } catch (JetStreamApiException e) {
      if (isMissing(e)) {
        return false;
      }
      throw e;
    }
    try {
      management.deleteConsumer(target.stream, target.consumer);
    } catch (JetStreamApiException e) {
      if (!isMissing(e)) {
        throw e;
      }
    }
    var until = System.nanoTime() + DELETION_TIMEOUT.toNanos();
    while (true) {
      try {
        management.getConsumerInfo(target.stream, target.consumer);
      } catch (JetStreamApiException e) {
        if (isMissing(e)) {
          break;
        }
        throw e;
      }
      if (System.nanoTime() - until > 0) {
        throw new IOException(
            "durable "
                + target.consumer
                + " is still there "
                + DELETION_TIMEOUT.toSeconds()
                + " s after its deletion");
      }
      Thread.sleep(50);
    }
    // The running consumer may have re-created it meanwhile: then this is a harmless update.
    management.addOrUpdateConsumer(
        target.stream,
        ConsumerConfiguration.builder(config).deliverPolicy(DeliverPolicy.All).build());
    return true;
  }

  /** No such consumer, or no such stream. */
  private static boolean isMissing(JetStreamApiException e) {
    return e.getApiErrorCode() == JetStreamErrors.CONSUMER_NOT_FOUND
        || e.getApiErrorCode() == JetStreamErrors.STREAM_NOT_FOUND;
  }

  /**
   * Resets the projection and deletes its durable, reading the service's variables from {@code
   * env}.
   */
  public static Result rebuild(Map<String, String> env, Target target) throws Exception {
    var databaseConfig =
        DatabaseConfig.fromEnvironment(env, CustomerSupportMain.DESCRIPTOR.defaultDatabase());
    var natsConfig =
        NatsConfig.fromEnvironment(
            env, CustomerSupportMain.DESCRIPTOR.serviceName() + "-rebuild-projection");
    // No migrations: the service owns its schema; the command only needs it to exist.
    try (var database = Database.start(databaseConfig, List.of());
        var nats = NatsConnections.connect(natsConfig)) {
      var removed =
          new JooqProjectionReset(database.transactor()).reset(target.projection, target.consumer);
      return new Result(target, removed, recreateDurable(nats.management(), target));
    }
  }
}
