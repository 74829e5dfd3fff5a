package dev.fieldops.runtime;

import dev.fieldops.commandline.CommandFailure;
import dev.fieldops.commandline.CommandLines;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import dev.fieldops.nats.StreamProvisioner;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.nats.TrackedConnection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The operator's hand on a context's stream, {@code ./fieldops stream <context> create|verify}:
 * streams are infrastructure, and where the services run with {@code EVENTS_STREAM_MODE=verify}
 * (their NATS identities may not administer streams) the operator creates them with this command,
 * connected as the operator identity ({@code NATS_NKEY_SEED_FILE} of the operator and the usual
 * {@code NATS_*} variables). The stream is exactly the one the service declares ({@link
 * ServiceDescriptor#stream()}), so the service's verification then passes.
 *
 * <pre>
 *   create   # create the stream, or bring subjects and limits in line (idempotent)
 *   verify   # say whether the stream is there as the service declares it; exit 1 if not
 * </pre>
 */
@Command(
    name = "fieldops stream",
    description = "Create or verify the context's JetStream stream (operator identity).")
public final class StreamCommand implements Runnable {

  @Spec CommandSpec spec;

  private final ServiceDescriptor service;
  private final Map<String, String> env;

  /** The command of {@code service}, reading the NATS variables from {@code env}. */
  public StreamCommand(ServiceDescriptor service, Map<String, String> env) {
    this.service = Objects.requireNonNull(service, "service");
    this.env = Map.copyOf(env);
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is needed: create or verify");
  }

  @Command(
      name = "create",
      description = "Create the stream, or bring its subjects and limits in line with the service.")
  int create() throws Exception {
    StreamSpec stream = service.stream();
    try (TrackedConnection nats = connect()) {
      StreamProvisioner.Outcome outcome = new StreamProvisioner(nats).provision(stream);
      print(
          "stream "
              + stream.name()
              + " "
              + outcome.name().toLowerCase(java.util.Locale.ROOT)
              + ": "
              + stream);
      return CommandLines.OK;
    } catch (IOException e) {
      throw refused("create", e);
    } catch (JetStreamApiException e) {
      throw CommandFailure.failed(
          "the server refused stream " + stream.name() + ": " + e.getMessage(),
          "run it as the operator identity (NATS_NKEY_SEED_FILE=<operator seed>)");
    }
  }

  @Command(
      name = "verify",
      description = "Say whether the stream is there as the service declares it; exit 1 if not.")
  int verify() throws Exception {
    StreamSpec stream = service.stream();
    try (TrackedConnection nats = connect()) {
      Optional<String> differences = new StreamProvisioner(nats).verify(stream);
      if (differences.isPresent()) {
        throw CommandFailure.failed(
            "stream " + stream.name() + " differs: " + differences.get(),
            "./fieldops stream " + service.context() + " create (as the operator identity)");
      }
      print("stream " + stream.name() + " is as " + service.serviceName() + " declares it");
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
