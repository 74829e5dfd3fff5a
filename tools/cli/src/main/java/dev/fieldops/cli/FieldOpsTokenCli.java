package dev.fieldops.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.fieldops.commandline.CommandLines;
import dev.fieldops.config.Durations;
import dev.fieldops.grpc.auth.DevKeys;
import dev.fieldops.grpc.auth.InvalidTokenException;
import dev.fieldops.grpc.auth.PrincipalClaims;
import dev.fieldops.grpc.auth.TokenLifetimes;
import dev.fieldops.grpc.auth.TokenMinter;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./fieldops token}: prints a token signed with the local development key, and nothing else
 * on stdout, so that {@code TOKEN=$(./fieldops token --role admin)} works; with {@code --json}, one
 * JSON object with the token and what it says (subject, principal, roles or ids, expiry) for
 * scripts. Messages (such as "created a development signing key") go to stderr.
 */
@Command(
    name = "fieldops token",
    sortOptions = false,
    description = {
      "Prints a bearer token signed with the local development key (created on first use).",
      "Use it as: grpcurl -H \"authorization: Bearer $(./fieldops token --role admin)\" ..."
    })
public final class FieldOpsTokenCli implements Callable<Integer> {

  private static final Set<String> PRINCIPAL_ROLES = Set.of("customer", "device", "service");

  @Spec private CommandSpec spec;

  @Option(
      names = "--role",
      required = true,
      split = ",",
      paramLabel = "ROLE",
      description =
          "support_agent, billing_clerk, telemetry_operator, admin (staff; repeat or separate"
              + " with commas for several), or customer (needs --customer), device (needs"
              + " --device), service (needs --context).")
  private List<String> roles;

  @Option(names = "--customer", paramLabel = "ID", description = "Customer id for --role customer.")
  private String customerId;

  @Option(names = "--device", paramLabel = "ID", description = "Device id for --role device.")
  private String deviceId;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "Calling context for --role service (e.g. telemetry).")
  private String context;

  @Option(
      names = "--subject",
      paramLabel = "SUB",
      description = "The token's subject (default: derived from the role).")
  private String subject;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      defaultValue = "12h",
      description = "Lifetime, e.g. 30m, 12h, 7d (default: ${DEFAULT-VALUE}).")
  private String ttl;

  @Option(
      names = "--key-dir",
      paramLabel = "DIR",
      defaultValue = "${env:AUTH_DEV_KEY_DIR:-.fieldops/dev-keys}",
      description = "Development key folder (default: ${DEFAULT-VALUE}).")
  private Path keyDir;

  @Option(
      names = "--issuer",
      defaultValue = "${env:AUTH_ISSUER:-fieldops-dev}",
      description = "iss claim (default: ${DEFAULT-VALUE}).")
  private String issuer;

  @Option(
      names = "--audience",
      defaultValue = "${env:AUTH_AUDIENCE:-fieldops}",
      description = "aud claim (default: ${DEFAULT-VALUE}).")
  private String audience;

  @Option(
      names = "--json",
      description = "Print one JSON object: token, subject, principal, roles or id, expire_time.")
  private boolean json;

  public static void main(String[] args) {
    PrintStream stdout = System.out;
    // Only the token may reach stdout: anything else that prints (a logging default) goes to
    // stderr.
    System.setOut(System.err);
    int exitCode =
        run(
            args,
            new PrintWriter(stdout, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    stdout.flush();
    System.exit(exitCode);
  }

  /**
   * Runs the command with the given streams; returns the exit code ({@link CommandLines}: 0, 1, or
   * 2 for bad usage).
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return CommandLines.execute(new FieldOpsTokenCli(), args, out, err);
  }

  @Override
  public Integer call() {
    Principal principal = principal();
    Duration lifetime = lifetime(principal);
    try {
      // The verifier's rules (id formats, known roles) apply before anything is signed.
      PrincipalClaims.read(PrincipalClaims.write(principal, new JWTClaimsSet.Builder()).build());
    } catch (InvalidTokenException e) {
      throw usage(e.getMessage().replace("token claims rejected: ", ""));
    }
    DevKeys keys;
    try {
      keys = DevKeys.loadOrCreate(keyDir);
    } catch (RuntimeException e) {
      throw new ParameterException(
          spec.commandLine(),
          "cannot use the development key folder " + keyDir + ": " + e.getMessage());
    }
    if (keys.created()) {
      spec.commandLine()
          .getErr()
          .println("fieldops: created a development signing key in " + keys.directory());
    }
    String token = TokenMinter.forDevKeys(keys, issuer, audience).mint(principal, lifetime);
    spec.commandLine().getOut().println(json ? describe(token, principal) : token);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The token and what it says, as one JSON object (snake_case, as the contract's JSON). */
  private static String describe(String token, Principal principal) {
    var object = new JsonObject();
    object.addProperty("token", token);
    object.addProperty("subject", principal.subject());
    switch (principal) {
      case Principal.Staff staff -> {
        object.addProperty("principal", "staff");
        var roles = new JsonArray();
        staff.roles().stream().map(PrincipalClaims::roleName).sorted().forEach(roles::add);
        object.add("roles", roles);
      }
      case Principal.Customer customer -> {
        object.addProperty("principal", "customer");
        object.addProperty("customer_id", customer.customerId());
      }
      case Principal.Device device -> {
        object.addProperty("principal", "device");
        object.addProperty("device_id", device.deviceId());
      }
      case Principal.Service service -> {
        object.addProperty("principal", "service");
        object.addProperty("context", service.context());
      }
    }
    try {
      var claims = SignedJWT.parse(token).getJWTClaimsSet();
      object.addProperty("expire_time", claims.getExpirationTime().toInstant().toString());
      // the token's id: what AUTH_REVOKED_TOKENS_FILE lists to revoke it
      object.addProperty("jti", claims.getJWTID());
    } catch (java.text.ParseException e) {
      throw new IllegalStateException("the token just minted does not parse", e);
    }
    return new Gson().toJson(object);
  }

  /**
   * The --ttl, at most what the services accept for the principal's kind ({@link TokenLifetimes}).
   */
  private Duration lifetime(Principal principal) {
    Duration lifetime;
    try {
      lifetime = Durations.parse(ttl);
    } catch (IllegalArgumentException e) {
      throw usage("--ttl: '" + ttl + "' is not a duration such as 30m, 12h or 7d");
    }
    TokenLifetimes maxima;
    try {
      maxima = TokenLifetimes.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    Duration max = maxima.maxFor(principal);
    if (lifetime.isZero() || lifetime.isNegative() || lifetime.compareTo(max) > 0) {
      String kind = TokenLifetimes.kindOf(principal);
      throw usage(
          "--ttl must be between 1s and "
              + Durations.format(max)
              + " for a "
              + kind
              + " token: services refuse longer ones ("
              + TokenLifetimes.variable(kind)
              + "): "
              + ttl);
    }
    return lifetime;
  }

  private Principal principal() {
    List<String> names = roles.stream().map(r -> r.trim().toLowerCase(Locale.ROOT)).toList();
    String only = names.size() == 1 ? names.getFirst() : null;
    if (only == null && names.stream().anyMatch(PRINCIPAL_ROLES::contains)) {
      throw usage("--role customer, device and service cannot be combined with other roles");
    }
    if (!"customer".equals(only) && customerId != null) {
      throw usage("--customer only applies to --role customer");
    }
    if (!"device".equals(only) && deviceId != null) {
      throw usage("--device only applies to --role device");
    }
    if (!"service".equals(only) && context != null) {
      throw usage("--context only applies to --role service");
    }
    if ("customer".equals(only)) {
      requireOption(customerId, "--role customer needs --customer ID");
      return new Principal.Customer(subjectOr("customer-" + customerId), customerId);
    }
    if ("device".equals(only)) {
      requireOption(deviceId, "--role device needs --device ID");
      return new Principal.Device(subjectOr("device-" + deviceId), deviceId);
    }
    if ("service".equals(only)) {
      requireOption(context, "--role service needs --context NAME (e.g. telemetry)");
      return new Principal.Service(subjectOr("service-" + context), context);
    }
    Set<Role> staffRoles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      staffRoles.add(
          PrincipalClaims.roleNamed(name)
              .orElseThrow(
                  () ->
                      usage(
                          "unknown role '"
                              + name
                              + "'; use support_agent, billing_clerk, telemetry_operator, admin, customer,"
                              + " device or service")));
    }
    return new Principal.Staff(subjectOr("dev-" + String.join("-", names)), staffRoles);
  }

  private void requireOption(String value, String message) {
    if (value == null || value.isBlank()) {
      throw usage(message);
    }
  }

  private String subjectOr(String derived) {
    return subject == null || subject.isBlank() ? derived : subject;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
