package dev.fieldops.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.fieldops.commandline.CommandFailure;
import dev.fieldops.commandline.CommandLines;
import dev.fieldops.config.Durations;
import dev.fieldops.nats.NatsConfig;
import dev.fieldops.nats.NatsConnections;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./fieldops events tail [SUBJECT]}: reads the three context streams like any JetStream
 * subscriber (an ordered, ephemeral consumer per stream, nothing left behind) and prints each event
 * as one JSON line: stream, sequence, subject, the CloudEvents headers and the decoded payload.
 *
 * <p>Without {@code --all} or {@code --since} it follows new events until Ctrl-C. With them it
 * prints what the streams hold now, from that start, and stops at their end (each stream is at its
 * end when the consumer reports nothing pending for the filter); {@code --follow} keeps following
 * from there. {@code --count} stops earlier.
 */
@Command(
    name = "tail",
    description = {
      "Print FieldOps events, one JSON line each: new ones until Ctrl-C, or with --all"
          + " or --since what the streams hold now (then it stops; --follow keeps following)."
    })
final class EventsTailCommand implements Callable<Integer> {

  /** The streams and the subject root each one captures. */
  static final List<String[]> STREAMS =
      List.of(
          new String[] {"SUPPORT", "support"},
          new String[] {"TELEMETRY", "telemetry"},
          new String[] {"INVOICING", "invoicing"});

  /** JetStream's error code for a stream that does not exist. */
  private static final int STREAM_NOT_FOUND = 10059;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = ">",
      paramLabel = "SUBJECT",
      description =
          "Subject filter, e.g. 'support.ticket.>' or 'telemetry.alert.raised' (default: everything).")
  String subject;

  @Option(
      names = "--nats",
      paramLabel = "URL",
      defaultValue = "${env:NATS_URL:-nats://127.0.0.1:4222}",
      description =
          "NATS server URL (default: $NATS_URL, else the local run's, else nats://127.0.0.1:4222).")
  String natsUrl;

  @Option(
      names = "--all",
      description = "Print what the streams hold, from their beginning, then stop.")
  boolean fromStart;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      description = "Print the events of the last DURATION (e.g. 10m, 2h, 1d), then stop.")
  String since;

  @Option(
      names = "--follow",
      description = "With --all or --since: keep following new events after those.")
  boolean follow;

  @Option(
      names = "--count",
      defaultValue = "0",
      paramLabel = "N",
      description = "Stop after N events.")
  long count;

  /**
   * Where the NATS identity and TLS settings are read ({@code NATS_CREDS_FILE}, {@code
   * NATS_NKEY_SEED_FILE}, {@code NATS_TLS_CA_FILE}, ...: the services' variables, {@link
   * NatsConfig}); the observer identity is enough.
   */
  Map<String, String> environment = System.getenv();

  private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();

  @Override
  public Integer call() throws Exception {
    List<String[]> selected = select(subject);
    if (selected.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "no FieldOps stream carries '"
              + subject
              + "': subjects start with support., telemetry. or invoicing.");
    }
    if (fromStart && since != null) {
      throw new ParameterException(spec.commandLine(), "--all and --since exclude each other");
    }
    boolean history = fromStart || since != null;
    if (follow && !history) {
      throw new ParameterException(
          spec.commandLine(),
          "--follow goes with --all or --since (without them tail follows anyway)");
    }
    ZonedDateTime start = since == null ? null : ZonedDateTime.now().minus(parse(since));
    boolean stopAtEnd = history && !follow;
    var decoder = new EventDecoder();
    var done = new CountDownLatch(1);
    var printed = new AtomicLong();
    var streamsAtEnd = new AtomicInteger();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Failures reach the user as the command's one error line, not as the client's log records.
    Map<String, String> env = new HashMap<>(environment);
    env.put(NatsConfig.URL_VARIABLE, natsUrl);
    Options options =
        NatsConnections.clientOptions(NatsConfig.fromEnvironment(env, "fieldops-events-tail"))
            .maxReconnects(-1)
            .errorListener(new ErrorListener() {})
            .build();
    try (Connection connection = Nats.connect(options)) {
      Dispatcher dispatcher = connection.createDispatcher();
      List<String> read = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String[] stream : selected) {
        String filter = subject.equals(">") ? stream[1] + ".>" : subject;
        var consumer = ConsumerConfiguration.builder().deliverPolicy(deliverPolicy());
        if (start != null) {
          consumer.startTime(start);
        }
        var subscribeOptions =
            PushSubscribeOptions.builder().stream(stream[0])
                .ordered(true)
                .configuration(consumer.build())
                .build();
        var atEnd = new AtomicBoolean();
        Runnable reachedEnd =
            () -> {
              if (stopAtEnd
                  && atEnd.compareAndSet(false, true)
                  && streamsAtEnd.incrementAndGet() == selected.size()) {
                done.countDown();
              }
            };
        JetStreamSubscription subscription;
        try {
          subscription =
              connection
                  .jetStream()
                  .subscribe(
                      filter,
                      dispatcher,
                      message -> {
                        if (count > 0 && printed.get() >= count) {
                          return;
                        }
                        synchronized (out) {
                          out.println(gson.toJson(toJson(stream[0], message, decoder)));
                          out.flush();
                        }
                        if (count > 0 && printed.incrementAndGet() >= count) {
                          done.countDown();
                        }
                        if (message.metaData().pendingCount() == 0) {
                          reachedEnd.run();
                        }
                      },
                      false,
                      subscribeOptions);
        } catch (JetStreamApiException e) {
          if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
            throw e;
          }
          missing.add(stream[0]);
          reachedEnd.run(); // nothing there: at its end already
          continue;
        }
        read.add(stream[0]);
        // A stream with nothing to deliver from the start sends no message that could say so.
        var info = subscription.getConsumerInfo();
        if (info.getNumPending() == 0 && info.getDelivered().getConsumerSequence() == 0) {
          reachedEnd.run();
        }
      }
      if (!missing.isEmpty()) {
        if (!stopAtEnd) {
          throw CommandFailure.unavailable(
              "no stream " + String.join(", ", missing) + " on " + natsUrl,
              "each service creates its stream when it starts: ./fieldops up, or --nats for another server");
        }
        err.println(
            "no stream "
                + String.join(", ", missing)
                + " on "
                + natsUrl
                + " (yet): nothing to print from it");
      }
      if (!read.isEmpty()) {
        err.println(
            (stopAtEnd ? "reading " : "following ")
                + String.join(", ", read)
                + " on "
                + natsUrl
                + " for '"
                + subject
                + "'"
                + (stopAtEnd ? " up to the end" : " (Ctrl-C to stop)"));
      }
      err.flush();
      Thread hook = new Thread(done::countDown);
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        done.await();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook is what ended the wait
        }
      }
    }
    return CommandLines.OK;
  }

  private DeliverPolicy deliverPolicy() {
    if (since != null) {
      return DeliverPolicy.ByStartTime;
    }
    return fromStart ? DeliverPolicy.All : DeliverPolicy.New;
  }

  static List<String[]> select(String subject) {
    if (subject.equals(">") || subject.startsWith("*")) {
      return STREAMS;
    }
    String root = subject.split("\\.", 2)[0];
    return STREAMS.stream().filter(stream -> stream[1].equals(root)).toList();
  }

  static JsonObject toJson(String stream, Message message, EventDecoder decoder) {
    var json = new JsonObject();
    json.addProperty("stream", stream);
    json.addProperty("seq", message.metaData().streamSequence());
    json.addProperty("subject", message.getSubject());
    var headers = new JsonObject();
    Headers natsHeaders = message.getHeaders();
    if (natsHeaders != null) {
      for (String key : natsHeaders.keySet()) {
        headers.addProperty(key, natsHeaders.getFirst(key));
      }
    }
    json.add("headers", headers);
    json.add(
        "event",
        decoder.decode(
            header(natsHeaders, "ce-type"),
            header(natsHeaders, "content-type"),
            message.getData() == null ? new byte[0] : message.getData()));
    return json;
  }

  private static Optional<String> header(Headers headers, String name) {
    return Optional.ofNullable(headers).map(h -> h.getFirst(name));
  }

  private Duration parse(String text) {
    try {
      Duration duration = Durations.parse(text);
      if (duration.isZero()) {
        throw new IllegalArgumentException("not positive");
      }
      return duration;
    } catch (RuntimeException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--since: '" + text + "' is not a duration such as 90s, 10m, 2h or 1d");
    }
  }
}
