package dev.fieldops.runtime;

import dev.fieldops.commandline.CommandFailure;
import dev.fieldops.commandline.CommandLines;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamDifferences;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSettings;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.TrackedConnection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The operator's hand on a context's stream, {@code ./fieldops stream <context>
 * create|verify|update}: streams are infrastructure, and where the services run with {@code
 * EVENTS_STREAM_MODE=verify} (their NATS identities may not administer streams) the operator
 * creates them with this command, connected as the operator identity ({@code NATS_NKEY_SEED_FILE}
 * of the operator and the usual {@code NATS_*} variables). The stream is the one the service
 * declares ({@link ServiceDescriptor#stream()}: name and subjects) with the same {@code
 * EVENTS_STREAM_*} settings the service reads ({@link StreamSettings}: replicas, max age, max
 * bytes, duplicate window), so the service's verification then passes.
 *
 * <pre>
 *   create   # create the stream when missing; an existing one is only compared (exit 1 if it differs)
 *   verify   # say whether the stream is there as configured; exit 1 if not
 *   update   # the deliberate change: create, or apply the configured subjects and limits
 * </pre>
 *
 * Neither {@code create} nor a service ever changes an existing stream; {@code update} is the one
 * explicit way to, for example to move a stream to 3 replicas ({@code EVENTS_STREAM_REPLICAS=3}).
 */
@Command(
    name = "fieldops stream",
    description = "Create, verify or update the context's JetStream stream (operator identity).")
public final class StreamCommand implements Runnable {

  @Spec CommandSpec spec;

  private final ServiceDescriptor service;
  private final Map<String, String> env;

  /** The command of {@code service}, reading the NATS and stream variables from {@code env}. */
  public StreamCommand(ServiceDescriptor service, Map<String, String> env) {
    this.service = Objects.requireNonNull(service, "service");
    this.env = Map.copyOf(env);
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a command is needed: create, verify or update");
  }

  @Command(
      name = "create",
      description =
          "Create the stream when missing; an existing stream is never changed, only compared with"
              + " the settings (exit 1 if it differs).")
  int create() throws Exception {
    StreamSpec stream = configured();
    try (TrackedConnection nats = connect()) {
      StreamProvisioner.Check check = new StreamProvisioner(nats).createOrVerify(stream);
      if (check.outcome() == StreamProvisioner.Outcome.CREATED) {
        print("stream " + stream.name() + " created: " + stream);
        return CommandLines.OK;
      }
      if (!check.differences().matches()) {
        throw differs(stream, check.differences(), "exists and was left unchanged, but");
      }
      print("stream " + stream.name() + " exists as configured: " + stream);
      return CommandLines.OK;
    } catch (StreamProvisioner.ReplicasUnavailableException e) {
      throw replicas(e);
    } catch (IOException e) {
      throw refused("create", e);
    } catch (JetStreamApiException e) {
      throw serverRefused(stream, e);
    }
  }

  @Command(
      name = "update",
      description =
          "Create the stream, or apply the configured subjects, replicas and limits to it (the"
              + " deliberate change services never make).")
  int update() throws Exception {
    StreamSpec stream = configured();
    try (TrackedConnection nats = connect()) {
      StreamProvisioner provisioner = new StreamProvisioner(nats);
      Optional<String> before = Optional.empty();
      try {
        before = provisioner.verify(stream);
      } catch (JetStreamApiException e) {
        if (!StreamProvisioner.isStreamNotFound(e)) {
          throw e;
        }
      }
      StreamProvisioner.Outcome outcome = provisioner.provision(stream);
      print(
          "stream "
              + stream.name()
              + " "
              + outcome.name().toLowerCase(Locale.ROOT)
              + ": "
              + stream
              + (outcome == StreamProvisioner.Outcome.UPDATED
                  ? " (was: " + before.orElse("") + ")"
                  : ""));
      return CommandLines.OK;
    } catch (StreamProvisioner.ReplicasUnavailableException e) {
      throw replicas(e);
    } catch (IllegalStateException e) {
      throw CommandFailure.failed(e.getMessage(), null);
    } catch (IOException e) {
      throw refused("update", e);
    } catch (JetStreamApiException e) {
      throw serverRefused(stream, e);
    }
  }

  @Command(
      name = "verify",
      description = "Say whether the stream is there as configured; exit 1 if not.")
  int verify() throws Exception {
    StreamSpec stream = configured();
    try (TrackedConnection nats = connect()) {
      StreamDifferences differences = new StreamProvisioner(nats).compare(stream);
      if (!differences.matches()) {
        throw differs(stream, differences, "");
      }
      print(
          "stream "
              + stream.name()
              + " is as "
              + service.serviceName()
              + " declares it with the configured settings: "
              + stream);
      return CommandLines.OK;
    } catch (JetStreamApiException e) {
      if (StreamProvisioner.isStreamNotFound(e)) {
        throw CommandFailure.failed(
            "stream " + stream.name() + " does not exist",
            "./fieldops stream " + service.context() + " create (as the operator identity)");
      }
      throw CommandFailure.failed("stream " + stream.name() + ": " + e.getMessage(), null);
    } catch (IOException e) {
      throw refused("read", e);
    }
  }

  /** The declared stream with the {@code EVENTS_STREAM_*} settings. */
  private StreamSpec configured() {
    return StreamSettings.fromEnvironment(env).applyTo(service.stream());
  }

  private CommandFailure differs(StreamSpec stream, StreamDifferences differences, String what) {
    return CommandFailure.failed(
        "stream "
            + stream.name()
            + " "
            + (what.isEmpty() ? "" : what + " ")
            + "differs from the configuration: "
            + differences.describe(),
        "./fieldops stream "
            + service.context()
            + " update applies the configured settings (as the operator identity), or set the"
            + " EVENTS_STREAM_* variables to the stream's");
  }

  private CommandFailure replicas(StreamProvisioner.ReplicasUnavailableException e) {
    return CommandFailure.failed(
        e.getMessage(),
        "set "
            + StreamSettings.REPLICAS_VARIABLE
            + " to at most the number of JetStream servers, or point NATS_URL at the cluster");
  }

  private static CommandFailure serverRefused(StreamSpec stream, JetStreamApiException e) {
    return CommandFailure.failed(
        "the server refused stream " + stream.name() + ": " + e.getMessage(),
        "run it as the operator identity (NATS_NKEY_SEED_FILE=<operator seed>)");
  }

  private TrackedConnection connect() throws IOException, InterruptedException {
    return NatsConnections.connect(
        NatsConfig.fromEnvironment(env, service.serviceName() + "-stream-command"));
  }

  private CommandFailure refused(String verb, IOException e) {
    return CommandFailure.unavailable(
        "could not " + verb + " stream " + service.stream().name() + ": " + e.getMessage(),
        "check NATS_URL, and that the identity (NATS_NKEY_SEED_FILE) is the operator's: a"
            + " service identity may not administer streams");
  }

  private void print(String line) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(line);
    out.flush();
  }

  /** The command line model, named {@code fieldops stream <context>}. */
  public CommandSpec commandSpec() {
    CommandSpec model = CommandSpec.forAnnotatedObject(this);
    model.name("fieldops stream " + service.context());
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
}
