package dev.fieldops.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./fieldops events tail [SUBJECT]}: follows the three context streams like any JetStream
 * subscriber (an ordered, ephemeral consumer per stream, nothing left behind) and prints each event
 * as one JSON line: stream, sequence, subject, the CloudEvents headers and the decoded payload.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = "Follow FieldOps events and print each as one JSON line.")
final class EventsTailCommand implements Callable<Integer> {

  /** The streams and the subject root each one captures. */
  static final List<String[]> STREAMS = List.of(
      new String[] {"SUPPORT", "support"},
      new String[] {"TELEMETRY", "telemetry"},
      new String[] {"INVOICING", "invoicing"});

  @Parameters(index = "0", defaultValue = ">", paramLabel = "SUBJECT",
      description = "Subject filter, e.g. 'support.ticket.>' or 'telemetry.alert.raised' (default: everything).")
  String subject;

  @Option(names = "--nats", defaultValue = "${env:NATS_URL:-nats://127.0.0.1:4222}",
      description = "NATS server URL (default: $NATS_URL or nats://127.0.0.1:4222).")
  String natsUrl;

  @Option(names = "--all", description = "Start at the beginning of each stream instead of new events only.")
  boolean fromStart;

  @Option(names = "--since", description = "Start with events of the last DURATION, e.g. 10m, 2h.")
  String since;

  @Option(names = "--count", defaultValue = "0",
      description = "Stop after this many events (default: follow until Ctrl-C).")
  long count;

  private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();

  @Override
  public Integer call() throws Exception {
    List<String[]> selected = select(subject);
    if (selected.isEmpty()) {
      System.err.println("no FieldOps stream carries '" + subject
          + "': subjects start with support., telemetry. or invoicing.");
      return 2;
    }
    var decoder = new EventDecoder();
    var done = new CountDownLatch(1);
    var printed = new java.util.concurrent.atomic.AtomicLong();
    Options options = new Options.Builder().server(natsUrl).connectionName("fieldops-events-tail")
        .maxReconnects(-1).build();
    try (Connection connection = Nats.connect(options)) {
      Dispatcher dispatcher = connection.createDispatcher();
      List<JetStreamSubscription> subscriptions = new ArrayList<>();
      PrintStream out = System.out;
      for (String[] stream : selected) {
        String filter = subject.equals(">") ? stream[1] + ".>" : subject;
        var consumer = ConsumerConfiguration.builder().deliverPolicy(deliverPolicy());
        if (since != null) {
          consumer.startTime(ZonedDateTime.now().minus(parse(since)));
        }
        var subscribeOptions = PushSubscribeOptions.builder().stream(stream[0]).ordered(true)
            .configuration(consumer.build()).build();
        subscriptions.add(connection.jetStream().subscribe(filter, dispatcher, message -> {
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
        }, false, subscribeOptions));
      }
      Runtime.getRuntime().addShutdownHook(new Thread(done::countDown));
      System.err.println("following " + subscriptions.size() + " stream(s) on " + natsUrl + " for '"
          + subject + "' (Ctrl-C to stop)");
      done.await();
    }
    return 0;
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
    json.add("event", decoder.decode(header(natsHeaders, "ce-type"), header(natsHeaders, "content-type"),
        message.getData() == null ? new byte[0] : message.getData()));
    return json;
  }

  private static Optional<String> header(Headers headers, String name) {
    return Optional.ofNullable(headers).map(h -> h.getFirst(name));
  }

  private static Duration parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.endsWith("d")) {
      return Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    return Duration.parse("PT" + t.toUpperCase(java.util.Locale.ROOT));
  }
}
