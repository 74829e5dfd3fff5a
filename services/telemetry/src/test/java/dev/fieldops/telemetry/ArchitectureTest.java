package dev.fieldops.telemetry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.telemetry.archfixture.adapter.grpc.GrpcServiceUsingJooq;
import dev.fieldops.telemetry.archfixture.adapter.postgres.RepositoryUsingGrpc;
import dev.fieldops.telemetry.archfixture.adapter.postgres.RepositoryUsingTheNatsAdapter;
import dev.fieldops.telemetry.archfixture.application.HandlerUsingAnAdapter;
import dev.fieldops.telemetry.archfixture.application.HandlerUsingJooq;
import dev.fieldops.telemetry.archfixture.domain.AdapterInTheDomain;
import dev.fieldops.telemetry.archfixture.domain.ApplicationInTheDomain;
import dev.fieldops.telemetry.archfixture.domain.ClockInTheDomain;
import dev.fieldops.telemetry.archfixture.domain.ContractInTheDomain;
import dev.fieldops.telemetry.archfixture.domain.GrpcInTheDomain;
import dev.fieldops.telemetry.archfixture.domain.JooqInTheDomain;
import dev.fieldops.telemetry.archfixture.domain.NatsInTheDomain;
import dev.fieldops.telemetry.archfixture.domain.ProtobufInTheDomain;
import dev.fieldops.telemetry.archfixture.shared.ProtobufOutsideTheAdapters;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layering of the service: a pure domain, an application layer that knows no
 * adapters, infrastructure only in adapters (and the bootstrap that wires them), and adapters that
 * stay in their lane (the gRPC one calls handlers, never jOOQ; the PostgreSQL one knows no gRPC).
 * Each rule is written for a root package, checked on the production classes, and shown to bite on
 * a deliberately violating fixture.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.fieldops.telemetry";
  private static final String FIXTURE_ROOT = "dev.fieldops.telemetry.archfixture";

  /** Technology that belongs in adapters only. */
  private static final String[] INFRASTRUCTURE = {
    "io.grpc..",
    "com.google.protobuf..",
    "com.google.rpc..",
    "org.jooq..",
    "io.nats..",
    "java.sql..",
    "javax.sql..",
    "dev.fieldops.telemetry.v1..",
    "dev.fieldops.grpc..",
    "dev.fieldops.jooq..",
    "dev.fieldops.nats..",
    "dev.fieldops.runtime.."
  };

  // Our own classes only: the generated contract classes share the root package (in their jar).
  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages(ROOT);

  private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE_ROOT);

  static ArchRule domainUsesNoInfrastructure(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INFRASTRUCTURE)
        .because(
            "the domain is plain Java: no gRPC, protobuf, jOOQ, NATS or generated contract types");
  }

  static ArchRule domainDependsOnNoOuterLayer(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(root + ".application..", root + ".adapter..", root + ".bootstrap..")
        .because("dependencies point inwards");
  }

  static ArchRule applicationDependsOnNoAdapter(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".application..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(root + ".adapter..", root + ".bootstrap..")
        .because("handlers talk to the outside world through ports only");
  }

  static ArchRule applicationUsesNoInfrastructure(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".application..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INFRASTRUCTURE)
        .because("infrastructure types belong in adapters");
  }

  static ArchRule grpcAdapterUsesNoJooq(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".adapter.grpc..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.jooq..")
        .because("the transport calls handlers; only the PostgreSQL adapter queries the database");
  }

  static ArchRule postgresAdapterUsesNoGrpc(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".adapter.postgres..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "dev.fieldops.grpc..")
        .because("storage knows nothing of the transport");
  }

  static ArchRule postgresAdapterUsesNoMessagingAdapter(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".adapter.postgres..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".adapter.nats..")
        .because("storage gets its outbox encoder from the wiring, not from the NATS adapter");
  }

  static ArchRule onlyAdaptersAndBootstrapUseInfrastructure(String root) {
    return noClasses()
        .that()
        .resideOutsideOfPackages(root + ".adapter..", root + ".bootstrap..", root + ".v1..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(INFRASTRUCTURE)
        .because("contract and infrastructure types are translated at the edge, nowhere else");
  }

  static ArchRule domainReadsNoClockOrRandomness(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(Clock.class, "systemUTC")
        .orShould()
        .callMethod(Clock.class, "systemDefaultZone")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(UUID.class, "randomUUID")
        .orShould()
        .callMethod(UuidV7.class, "systemUtc")
        .because(
            "time and ids come in as arguments (a Stamp), so that tests and replays are"
                + " deterministic");
  }

  static Stream<Arguments> rulesAndTheirViolators() {
    return Stream.of(
        rule(
            "domain uses no infrastructure",
            ArchitectureTest::domainUsesNoInfrastructure,
            GrpcInTheDomain.class,
            ProtobufInTheDomain.class,
            JooqInTheDomain.class,
            NatsInTheDomain.class,
            ContractInTheDomain.class),
        rule(
            "domain depends on no outer layer",
            ArchitectureTest::domainDependsOnNoOuterLayer,
            ApplicationInTheDomain.class,
            AdapterInTheDomain.class),
        rule(
            "application depends on no adapter",
            ArchitectureTest::applicationDependsOnNoAdapter,
            HandlerUsingAnAdapter.class),
        rule(
            "application uses no infrastructure",
            ArchitectureTest::applicationUsesNoInfrastructure,
            HandlerUsingJooq.class),
        rule(
            "domain reads no clock or randomness",
            ArchitectureTest::domainReadsNoClockOrRandomness,
            ClockInTheDomain.class),
        rule(
            "gRPC adapter uses no jOOQ",
            ArchitectureTest::grpcAdapterUsesNoJooq,
            GrpcServiceUsingJooq.class),
        rule(
            "PostgreSQL adapter uses no gRPC",
            ArchitectureTest::postgresAdapterUsesNoGrpc,
            RepositoryUsingGrpc.class),
        rule(
            "PostgreSQL adapter uses no NATS adapter",
            ArchitectureTest::postgresAdapterUsesNoMessagingAdapter,
            RepositoryUsingTheNatsAdapter.class),
        rule(
            "only adapters and bootstrap use contract or infrastructure types",
            ArchitectureTest::onlyAdaptersAndBootstrapUseInfrastructure,
            ProtobufOutsideTheAdapters.class,
            HandlerUsingJooq.class,
            ContractInTheDomain.class));
  }

  private static Arguments rule(
      String name, Function<String, ArchRule> rule, Class<?>... violators) {
    return Arguments.of(name, rule, violators);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rulesAndTheirViolators")
  void the_service_keeps_the_rule(
      String name, Function<String, ArchRule> rule, Class<?>[] violators) {
    assertThatCode(() -> rule.apply(ROOT).check(PRODUCTION)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rulesAndTheirViolators")
  void the_rule_bites_on_every_deliberate_violation(
      String name, Function<String, ArchRule> rule, Class<?>[] violators) {
    for (Class<?> violator : violators) {
      assertThatThrownBy(() -> rule.apply(FIXTURE_ROOT).check(FIXTURES))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("<" + violator.getName());
    }
  }

  @Test
  void the_fixtures_break_only_the_rule_they_are_meant_to_break() {
    assertThatThrownBy(() -> domainUsesNoInfrastructure(FIXTURE_ROOT).check(FIXTURES))
        .hasMessageNotContaining(ClockInTheDomain.class.getName())
        .hasMessageNotContaining(ApplicationInTheDomain.class.getName());
    assertThatThrownBy(() -> domainReadsNoClockOrRandomness(FIXTURE_ROOT).check(FIXTURES))
        .hasMessageNotContaining(GrpcInTheDomain.class.getName());
    assertThatThrownBy(() -> grpcAdapterUsesNoJooq(FIXTURE_ROOT).check(FIXTURES))
        .hasMessageNotContaining(RepositoryUsingGrpc.class.getName())
        .hasMessageNotContaining(HandlerUsingJooq.class.getName());
    assertThatThrownBy(() -> postgresAdapterUsesNoGrpc(FIXTURE_ROOT).check(FIXTURES))
        .hasMessageNotContaining(GrpcServiceUsingJooq.class.getName())
        .hasMessageNotContaining(GrpcInTheDomain.class.getName());
    assertThatThrownBy(() -> postgresAdapterUsesNoMessagingAdapter(FIXTURE_ROOT).check(FIXTURES))
        .hasMessageNotContaining(RepositoryUsingGrpc.class.getName());
  }
}
