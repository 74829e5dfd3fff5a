package dev.fieldops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.jooq.MigrationSet;
import dev.fieldops.jooq.SchemaMode;
import dev.fieldops.nats.StreamSpec;
import dev.fieldops.test.TestEnvironment;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migrate-only mode ({@code FIELDOPS_MODE=migrate}) and a service that only verifies its schema
 * ({@code DATABASE_SCHEMA_MODE=verify}), on a real PostgreSQL: the mode migrates and exits (a real
 * process, its exit status), a failure exits 1 with the reason, and a verifying service on an
 * unmigrated database does not serve, and serves once the schema is migrated, never migrating it
 * itself.
 */
class MigrateOnlyIT {

  static final ServiceDescriptor PROBE =
      new ServiceDescriptor(
          "probe",
          "probe-service",
          0,
          "fieldops_probe",
          StreamSpec.of("PROBE", "probe.>"),
          List.of(new MigrationSet("probe", "classpath:db/probe")),
          List.of(),
          List.of());

  private TestEnvironment environment;

  @BeforeEach
  void create() {
    environment = TestEnvironment.create();
  }

  @AfterEach
  void close() {
    environment.close();
  }

  /** The database settings of the environment, with the migration login the same superuser. */
  private Map<String, String> ownerEnv() {
    var env = new HashMap<>(environment.env());
    env.put("DATABASE_MIGRATION_USER", environment.database().username());
    env.put("DATABASE_MIGRATION_PASSWORD", environment.database().password());
    return env;
  }

  @Test
  void the_migrate_only_process_migrates_every_set_and_exits_zero() throws Exception {
    var env = ownerEnv();
    env.put(MigrateOnly.MODE_VARIABLE, "migrate");

    var run = runProcess(env);

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("probe-service: migrate-only: schema migrated");
    assertThat(historyTables())
        .containsExactlyInAnyOrderElementsOf(
            ServiceRuntime.migrationSets(PROBE).stream().map(MigrationSet::historyTable).toList());
    assertThat(tableExists("probe_record")).isTrue();
  }

  @Test
  void a_failed_migration_exits_one_with_the_reason() throws Exception {
    var env = ownerEnv();
    env.put(MigrateOnly.MODE_VARIABLE, "migrate");
    env.put("DATABASE_URL", environment.database().jdbcUrl() + "_missing");

    var run = runProcess(env);

    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains("probe-service: migrate-only: migration failed as")
        .contains("_missing");
  }

  @Test
  void an_unknown_mode_is_refused_naming_the_variable() {
    assertThat(MigrateOnly.requested(Map.of())).isFalse();
    assertThat(MigrateOnly.requested(Map.of(MigrateOnly.MODE_VARIABLE, "serve"))).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MigrateOnly.requested(Map.of(MigrateOnly.MODE_VARIABLE, "migrat")))
        .hasMessage("FIELDOPS_MODE: invalid value 'migrat', expected serve or migrate");
  }

  @Test
  void a_verifying_service_does_not_serve_an_unmigrated_schema_and_serves_once_it_is_migrated()
      throws Exception {
    var env = new HashMap<>(environment.env());
    env.put(SchemaMode.VARIABLE, "verify");

    try (var runtime = ServiceRuntime.start(PROBE, env, MigrateOnlyIT::wire)) {
      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port()).usePlaintext().build();
      try {
        assertThat(health(channel, ServiceRuntime.DATABASE_HEALTH))
            .isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(health(channel, "")).isEqualTo(ServingStatus.NOT_SERVING);
        // it never migrates: the schema is as empty as it was
        assertThat(historyTables()).isEmpty();
        assertThat(tableExists("probe_record")).isFalse();

        assertThat(MigrateOnly.run(PROBE, ownerEnv())).isZero();

        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> health(channel, ServiceRuntime.DATABASE_HEALTH) == ServingStatus.SERVING);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> health(channel, "") == ServingStatus.SERVING);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void a_verifying_service_on_a_migrated_schema_serves_at_once() throws Exception {
    assertThat(MigrateOnly.run(PROBE, ownerEnv())).isZero();
    var env = new HashMap<>(environment.env());
    env.put(SchemaMode.VARIABLE, "verify");

    try (var runtime = ServiceRuntime.start(PROBE, env, MigrateOnlyIT::wire)) {
      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", runtime.port()).usePlaintext().build();
      try {
        assertThat(health(channel, ServiceRuntime.DATABASE_HEALTH))
            .isEqualTo(ServingStatus.SERVING);
        assertThat(health(channel, "")).isEqualTo(ServingStatus.SERVING);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void verify_with_migration_credentials_is_refused() {
    var env = new HashMap<>(ownerEnv());
    env.put(SchemaMode.VARIABLE, "verify");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServiceRuntime.start(PROBE, env, MigrateOnlyIT::wire).close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DATABASE_SCHEMA_MODE")
        .hasMessageContaining("DATABASE_MIGRATION_USER is set");
  }

  /** A service without methods: only health matters here. */
  static Application wire(Infrastructure infrastructure) {
    BindableService nothing =
        () -> ServerServiceDefinition.builder("fieldops.probe.v1.NothingService").build();
    return new Application(List.of(nothing), MethodPolicy.builder().build(), List.of(), List.of());
  }

  private static ServingStatus health(ManagedChannel channel, String service) {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  private List<String> historyTables() throws SQLException {
    var tables = new ArrayList<String>();
    try (var connection = environment.database().connect();
        var rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                        + " AND tablename LIKE 'flyway_history_%'")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  private boolean tableExists(String table) throws SQLException {
    try (var connection = environment.database().connect();
        var statement =
            connection.prepareStatement(
                "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = ?")) {
      statement.setString(1, table);
      try (var rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private record Run(int exit, String output) {}

  /** Runs {@link ProbeMain} as a real process with {@code env}, the way an init container does. */
  private static Run runProcess(Map<String, String> env) throws Exception {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                ProbeMain.class.getName())
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    var process = builder.start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the process exits").isTrue();
    return new Run(process.exitValue(), output);
  }

  /** The probe service as a process: a service's main, as in every bootstrap. */
  public static final class ProbeMain {
    public static void main(String[] args) {
      ServiceRuntime.run(
          PROBE,
          infrastructure -> {
            throw new AssertionError("the migrate-only mode must not wire the service");
          });
    }
  }
}
