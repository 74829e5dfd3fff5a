package dev.fieldops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.grpc.auth.AuthConfig;
import dev.fieldops.grpc.auth.TokenVerifier;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldOpsTokenCliTest {

  @TempDir Path keyDir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    String[] withKeyDir = new String[args.length + 2];
    withKeyDir[0] = "--key-dir";
    withKeyDir[1] = keyDir.toString();
    System.arraycopy(args, 0, withKeyDir, 2, args.length);
    return FieldOpsTokenCli.run(withKeyDir, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private TokenVerifier verifier() {
    return AuthConfig.forDevKeys(keyDir).createVerifier();
  }

  @Test
  void prints_only_a_token_the_server_accepts() throws Exception {
    int exit = run("--role", "admin");

    assertThat(exit).isZero();
    String token = out.toString().strip();
    assertThat(out.toString()).isEqualTo(token + System.lineSeparator());
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(err.toString()).contains("created a development signing key");
    assertThat(verifier().verify(token))
        .isEqualTo(new Principal.Staff("dev-admin", Set.of(Role.ADMIN)));
  }

  @Test
  void mints_customer_device_and_service_tokens() throws Exception {
    run("--role", "customer", "--customer", "cust-1");
    run("--role", "device", "--device", "dev-9");
    run("--role", "service", "--context", "telemetry", "--subject", "svc-telemetry");
    run("--role", "support_agent,billing_clerk", "--ttl", "30m");

    String[] tokens = out.toString().strip().split("\\R");
    assertThat(tokens).hasSize(4);
    TokenVerifier verifier = verifier();
    assertThat(verifier.verify(tokens[0]))
        .isEqualTo(new Principal.Customer("customer-cust-1", "cust-1"));
    assertThat(verifier.verify(tokens[1])).isEqualTo(new Principal.Device("device-dev-9", "dev-9"));
    assertThat(verifier.verify(tokens[2]))
        .isEqualTo(new Principal.Service("svc-telemetry", "telemetry"));
    assertThat(verifier.verify(tokens[3]))
        .isEqualTo(
            new Principal.Staff(
                "dev-support_agent-billing_clerk", Set.of(Role.SUPPORT_AGENT, Role.BILLING_CLERK)));
  }

  @Test
  void a_customer_token_without_a_customer_is_a_clear_usage_error() {
    int exit = run("--role", "customer");

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("--role customer needs --customer ID");
  }

  @Test
  void a_lifetime_the_services_would_refuse_is_a_usage_error() {
    int exit = run("--role", "admin", "--ttl", "7d");

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .contains("--ttl must be between 1s and 1d for a staff token")
        .contains("AUTH_MAX_TOKEN_LIFETIME_STAFF");
    assertThat(run("--role", "device", "--device", "d-1", "--ttl", "7d")).isZero();
  }

  @Test
  void unknown_roles_misplaced_options_and_bad_ids_are_usage_errors() {
    assertThat(run("--role", "root")).isEqualTo(2);
    assertThat(run("--role", "admin", "--device", "d-1")).isEqualTo(2);
    assertThat(run("--role", "customer", "--customer", "not valid!")).isEqualTo(2);
    assertThat(run("--role", "admin", "--ttl", "forever")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);

    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .contains("unknown role 'root'")
        .contains("--device only applies to --role device")
        .contains("customer_id is malformed")
        .contains("--ttl")
        .contains("Missing required option: '--role=ROLE'");
  }

  @Test
  void json_says_what_the_token_says_for_scripts() throws Exception {
    int exit = run("--role", "customer", "--customer", "acme-42", "--ttl", "30m", "--json");

    assertThat(exit).isZero();
    var json = com.google.gson.JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(out.toString().strip().lines()).hasSize(1);
    assertThat(json.get("principal").getAsString()).isEqualTo("customer");
    assertThat(json.get("customer_id").getAsString()).isEqualTo("acme-42");
    assertThat(json.get("subject").getAsString()).isEqualTo("customer-acme-42");
    assertThat(java.time.Instant.parse(json.get("expire_time").getAsString()))
        .isBetween(
            java.time.Instant.now().plusSeconds(29 * 60),
            java.time.Instant.now().plusSeconds(31 * 60));
    assertThat(verifier().verify(json.get("token").getAsString()))
        .isEqualTo(new Principal.Customer("customer-acme-42", "acme-42"));
    assertThat(json.get("jti").getAsString())
        .isEqualTo(
            com.nimbusds.jwt.SignedJWT.parse(json.get("token").getAsString())
                .getJWTClaimsSet()
                .getJWTID());

    out.getBuffer().setLength(0);
    run("--role", "admin,support_agent", "--json");
    var staff = com.google.gson.JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(staff.get("principal").getAsString()).isEqualTo("staff");
    assertThat(staff.getAsJsonArray("roles").asList())
        .map(com.google.gson.JsonElement::getAsString)
        .containsExactly("admin", "support_agent");
  }

  @Test
  void help_lists_the_options_and_the_exit_codes_on_stdout() {
    int exit = run("--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Usage: fieldops token")
        .contains("--json")
        .contains("Exit codes:");
    assertThat(err.toString()).isEmpty();
  }
}
