package dev.fieldops.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.cli.FieldOpsCli;
import dev.fieldops.grpc.auth.InvalidTokenException;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.telemetry.v1.TelemetryServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * README.md documents everything a user can call, configure, subscribe to or run: each check
 * enumerates one kind of public name from the code itself (RPCs from the service descriptors;
 * configuration variables, event subjects and error reasons from the string literals of the main
 * sources; commands from {@code ./fieldops} and its command-line tool) and fails naming every one
 * that README.md does not mention.
 */
class ReadmeTest {

  /** Upper-case literals that are neither a reason nor a variable, and why. */
  private static final Map<String, String> NOT_PUBLIC =
      Map.of(
          "RATE_OF_CHANGE", "a rule kind's name inside telemetry's stored evaluator checkpoints",
          "NO_DATA", "a rule kind's name inside telemetry's stored evaluator checkpoints",
          "ALERT_ALREADY_ACKNOWLEDGED",
              "telemetry's API answers a repeated acknowledgement with the alert",
          "ALERT_ALREADY_CLEARED", "telemetry's API returns ALERT_CLEARED instead",
          "DEVICE_ALREADY_DECOMMISSIONED",
              "telemetry's API answers a repeated decommissioning with the device");

  /** Prefixes of configuration variables (environment) the services and tools read. */
  private static final Pattern VARIABLE =
      Pattern.compile(
          "(DATABASE|NATS|GRPC|AUTH|PAGE_TOKEN|LOG|SUPPORT|TELEMETRY|INVOICING|FIELDOPS|OTEL|METRICS"
              + "|DEAD_LETTER|OUTBOX)"
              + "_[A-Z0-9_]+");

  private static final Pattern UPPER_SNAKE = Pattern.compile("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");
  private static final Pattern SUBJECT =
      Pattern.compile("\"((?:support|telemetry|invoicing)\\.[a-z_]+\\.[a-z_]+)\"");
  private static final Pattern NOT_FOUND_OF =
      Pattern.compile("NotFoundException\\.of\\(\\s*\"([a-z_]+)\"");
  private static final Pattern SCRIPT_COMMAND =
      Pattern.compile("^  ([a-z|-]+)\\)", Pattern.MULTILINE);

  private static Path root;
  private static String readme;
  private static List<Path> mainSources;

  @BeforeAll
  static void read() throws IOException {
    root = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    readme = Files.readString(root.resolve("README.md"));
    mainSources =
        MainSources.files(root, "libs", "tools", "services").stream()
            .filter(p -> p.toString().endsWith(".java"))
            .filter(p -> p.toString().contains("/src/main/java/"))
            .toList();
    assertThat(mainSources).hasSizeGreaterThan(100);
  }

  @Test
  void every_rpc_of_every_service_has_a_call_in_the_readme() {
    List<String> missing = new ArrayList<>();
    int rpcs = 0;
    for (ServiceDescriptor service :
        List.of(
            CustomerSupportServiceGrpc.getServiceDescriptor(),
            TelemetryServiceGrpc.getServiceDescriptor(),
            InvoicingServiceGrpc.getServiceDescriptor())) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        rpcs++;
        if (!readme.contains(method.getFullMethodName())) {
          missing.add(method.getFullMethodName());
        }
      }
    }
    assertThat(rpcs).isGreaterThan(40);
    assertThat(missing).as("RPCs without a call in README.md").isEmpty();
  }

  @Test
  void every_configuration_variable_the_code_reads_is_in_the_readme() {
    Set<String> variables =
        literals(UPPER_SNAKE).keySet().stream()
            .filter(name -> VARIABLE.matcher(name).matches())
            .collect(TreeSet::new, Set::add, Set::addAll);

    assertThat(variables).contains("DATABASE_URL", "NATS_URL", "GRPC_PORT");
    assertThat(undocumented(variables))
        .as("configuration variables missing in README.md")
        .isEmpty();
  }

  @Test
  void every_event_subject_the_services_publish_or_consume_is_in_the_readme() {
    Set<String> subjects = literals(SUBJECT).keySet();

    assertThat(subjects)
        .contains("support.ticket.opened", "telemetry.alert.raised", "invoicing.invoice.issued");
    assertThat(undocumented(subjects)).as("event subjects missing in README.md").isEmpty();
  }

  @Test
  void every_error_reason_the_code_can_return_is_in_the_readme() {
    Map<String, Path> reasons = new TreeMap<>();
    literals(UPPER_SNAKE)
        .forEach(
            (name, where) -> {
              if (!VARIABLE.matcher(name).matches() && !NOT_PUBLIC.containsKey(name)) {
                reasons.put(name, where);
              }
            });
    literals(NOT_FOUND_OF)
        .forEach(
            (resource, where) ->
                reasons.put(resource.toUpperCase(java.util.Locale.ROOT) + "_NOT_FOUND", where));
    // Reasons that are enum constants rather than literals.
    for (InvalidTokenException.Reason reason : InvalidTokenException.Reason.values()) {
      reasons.put(reason.name(), Path.of("libs/grpc-server"));
    }

    assertThat(reasons).containsKeys("VALIDATION_FAILED", "ETAG_MISMATCH", "TICKET_NOT_FOUND");
    List<String> missing = new ArrayList<>();
    for (var reason : reasons.entrySet()) {
      if (!readme.contains("`" + reason.getKey() + "`")) {
        missing.add(reason.getKey() + " (" + reason.getValue() + ")");
      }
    }
    assertThat(missing).as("error reasons missing in README.md").isEmpty();
  }

  @Test
  void every_command_of_the_fieldops_script_and_its_tool_is_in_the_readme() throws IOException {
    String script = Files.readString(root.resolve("fieldops"));
    String dispatch = script.substring(script.indexOf("case \"$command\" in"));
    Set<String> commands = new TreeSet<>();
    Matcher labels = SCRIPT_COMMAND.matcher(dispatch.substring(0, dispatch.indexOf("esac")));
    while (labels.find()) {
      for (String word : labels.group(1).split("\\|")) {
        if (!word.startsWith("-") && !word.equals("help")) {
          commands.add(word);
        }
      }
    }
    collectSubcommands(new CommandLine(new FieldOpsCli()), "", commands);

    assertThat(commands).contains("up", "test", "demo", "events tail");
    List<String> missing =
        commands.stream().filter(command -> !readme.contains("./fieldops " + command)).toList();
    assertThat(missing).as("commands without an example in README.md").isEmpty();
  }

  private static void collectSubcommands(CommandLine command, String prefix, Set<String> into) {
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommandSpec().name().equals(name)) { // skip aliases
                String path = prefix.isEmpty() ? name : prefix + " " + name;
                if (!name.equals("help")) {
                  into.add(path);
                }
                collectSubcommands(sub, path, into);
              }
            });
  }

  private static List<String> undocumented(Set<String> names) {
    return names.stream().filter(name -> !readme.contains("`" + name + "`")).toList();
  }

  /** Every first group of {@code pattern} in the main sources, with a file that holds it. */
  private static Map<String, Path> literals(Pattern pattern) {
    Map<String, Path> found = new TreeMap<>();
    for (Path source : mainSources) {
      String text;
      try {
        text = Files.readString(root.resolve(source));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Matcher matcher = pattern.matcher(text);
      while (matcher.find()) {
        found.putIfAbsent(matcher.group(1), source);
      }
    }
    return found;
  }
}
