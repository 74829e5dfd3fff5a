package dev.fieldops.support;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.fieldops.kernel.UuidV7;
import dev.fieldops.support.application.archfixture.HandlerReadingTheSystemClock;
import dev.fieldops.support.application.archfixture.HandlerUsingAnotherContextsContract;
import dev.fieldops.support.application.archfixture.HandlerUsingAnAdapter;
import dev.fieldops.support.application.archfixture.HandlerUsingGrpc;
import dev.fieldops.support.adapter.grpc.archfixture.GrpcAdapterUsingJooq;
import dev.fieldops.support.adapter.postgres.archfixture.PostgresAdapterUsingGrpc;
import dev.fieldops.support.adapter.postgres.archfixture.PostgresAdapterUsingTheNatsAdapter;
import dev.fieldops.support.application.archfixture.HandlerUsingJooq;
import dev.fieldops.support.application.archfixture.HandlerUsingThePlatformRuntime;
import dev.fieldops.support.domain.archfixture.DomainClassReadingTheSystemClock;
import dev.fieldops.support.domain.archfixture.DomainClassUsingAnAdapter;
import dev.fieldops.support.domain.archfixture.DomainClassUsingGrpc;
import dev.fieldops.support.domain.archfixture.DomainClassUsingJooq;
import dev.fieldops.support.domain.archfixture.DomainClassUsingNats;
import dev.fieldops.support.domain.archfixture.DomainClassUsingProtobuf;
import dev.fieldops.support.domain.archfixture.DomainClassUsingTheApplication;
import dev.fieldops.support.domain.archfixture.DomainClassUsingTheWireContract;
import dev.fieldops.support.domain.archfixturecyclea.TicketSideOfACycle;
import dev.fieldops.support.domain.archfixturecycleb.PolicySideOfACycle;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dependency rules of the service: the domain is plain Java that knows nothing
 * of transports, databases, messaging or the generated contract, and nothing of the layers around
 * it; the application layer uses ports, never adapters or infrastructure; time always comes from an
 * injected clock; only adapters and the bootstrap touch the contract, the platform libraries and
 * infrastructure, and the two adapters stay apart (the gRPC adapter writes no SQL, the PostgreSQL
 * adapter knows no transport). Each rule is also run against a deliberately violating fixture (test sources,
 * which the production check does not import) to prove that it bites.
 */
class ArchitectureTest {

  private static final String DOMAIN = "dev.fieldops.support.domain..";
  private static final String APPLICATION = "dev.fieldops.support.application..";
  private static final String[] INFRASTRUCTURE = {
    "io.grpc..", "com.google.protobuf..", "org.jooq..", "io.nats..", "dev.fieldops.support.v1..",
    "dev.fieldops.telemetry.v1..", "dev.fieldops.invoicing.v1..", "java.sql..", "javax.sql.."
  };

  /** The platform libraries a service composes in its adapters and bootstrap. */
  private static final String[] PLATFORM = {
    "dev.fieldops.grpc..", "dev.fieldops.jooq..", "dev.fieldops.nats..", "dev.fieldops.runtime.."
  };

  static final ArchRule DOMAIN_KNOWS_NO_INFRASTRUCTURE =
      noClasses()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(INFRASTRUCTURE)
          .as("the domain depends on no gRPC, protobuf, jOOQ, NATS, JDBC or generated contract types");

  static final ArchRule DOMAIN_KNOWS_NO_OUTER_LAYER =
      noClasses()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              APPLICATION, "dev.fieldops.support.adapter..", "dev.fieldops.support.bootstrap..")
          .as("the domain depends on no application, adapter or bootstrap class");

  static final ArchRule APPLICATION_USES_PORTS_NOT_INFRASTRUCTURE =
      noClasses()
          .that()
          .resideInAPackage(APPLICATION)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              Stream.concat(
                      Stream.of(INFRASTRUCTURE),
                      Stream.of("dev.fieldops.support.adapter..", "dev.fieldops.support.bootstrap.."))
                  .toArray(String[]::new))
          .as("the application depends on no adapter, bootstrap or infrastructure type");

  static final ArchRule TIME_COMES_FROM_AN_INJECTED_CLOCK =
      noClasses()
          .that()
          .resideInAnyPackage(DOMAIN, APPLICATION)
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(LocalDateTime.class, "now")
          .orShould()
          .callMethod(LocalDate.class, "now")
          .orShould()
          .callMethod(ZonedDateTime.class, "now")
          .orShould()
          .callMethod(OffsetDateTime.class, "now")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callMethod(Clock.class, "systemDefaultZone")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(UuidV7.class, "systemUtc")
          .as("domain and application code take time from an injected clock or an argument");

  static final ArchRule ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_THE_OUTSIDE =
      noClasses()
          .that()
          .resideInAPackage("dev.fieldops.support..")
          .and()
          .resideOutsideOfPackages(
              "dev.fieldops.support.adapter..",
              "dev.fieldops.support.bootstrap..",
              "dev.fieldops.support.v1..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              Stream.concat(Stream.of(INFRASTRUCTURE), Stream.of(PLATFORM)).toArray(String[]::new))
          .as(
              "only adapters and the bootstrap use contract, platform or infrastructure types");

  static final ArchRule GRPC_ADAPTER_WRITES_NO_SQL =
      noClasses()
          .that()
          .resideInAPackage("dev.fieldops.support.adapter.grpc..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.jooq..", "java.sql..", "dev.fieldops.support.adapter.postgres..")
          .as("the gRPC adapter uses no jOOQ, JDBC or PostgreSQL adapter type");

  static final ArchRule POSTGRES_ADAPTER_KNOWS_NO_TRANSPORT =
      noClasses()
          .that()
          .resideInAPackage("dev.fieldops.support.adapter.postgres..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.grpc..", "dev.fieldops.grpc..", "dev.fieldops.support.adapter.grpc..")
          .as("the PostgreSQL adapter uses no gRPC type");

  static final ArchRule POSTGRES_ADAPTER_KNOWS_NO_MESSAGING_ADAPTER =
      noClasses()
          .that()
          .resideInAPackage("dev.fieldops.support.adapter.postgres..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.fieldops.support.adapter.nats..")
          .as("the PostgreSQL adapter gets its outbox encoder from the wiring, not from NATS");

  static final ArchRule DOMAIN_PACKAGES_FORM_NO_CYCLE =
      slices()
          .matching("dev.fieldops.support.domain.(*)..")
          .should()
          .beFreeOfCycles()
          .as("the domain packages depend on each other without cycles");

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("dev.fieldops.support");

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(DOMAIN_KNOWS_NO_INFRASTRUCTURE),
        Arguments.of(DOMAIN_KNOWS_NO_OUTER_LAYER),
        Arguments.of(APPLICATION_USES_PORTS_NOT_INFRASTRUCTURE),
        Arguments.of(TIME_COMES_FROM_AN_INJECTED_CLOCK),
        Arguments.of(ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_THE_OUTSIDE),
        Arguments.of(GRPC_ADAPTER_WRITES_NO_SQL),
        Arguments.of(POSTGRES_ADAPTER_KNOWS_NO_TRANSPORT),
        Arguments.of(POSTGRES_ADAPTER_KNOWS_NO_MESSAGING_ADAPTER),
        Arguments.of(DOMAIN_PACKAGES_FORM_NO_CYCLE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void production_code_keeps_the_rule(ArchRule rule) {
    rule.check(PRODUCTION);
  }

  @Test
  void the_production_import_sees_the_domain_and_the_application() {
    assertThat(PRODUCTION.containPackage("dev.fieldops.support.domain.ticket")).isTrue();
    assertThat(PRODUCTION.containPackage("dev.fieldops.support.application.command")).isTrue();
    assertThat(PRODUCTION.containPackage("dev.fieldops.support.application.event")).isTrue();
    assertThat(PRODUCTION.containPackage("dev.fieldops.support.adapter.grpc")).isTrue();
    assertThat(PRODUCTION.containPackage("dev.fieldops.support.adapter.postgres")).isTrue();
    assertThat(PRODUCTION.containPackage("dev.fieldops.support.domain.archfixture")).isFalse();
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        Arguments.of(DOMAIN_KNOWS_NO_INFRASTRUCTURE, DomainClassUsingGrpc.class, "io.grpc.Status"),
        Arguments.of(
            DOMAIN_KNOWS_NO_INFRASTRUCTURE, DomainClassUsingProtobuf.class, "com.google.protobuf.Timestamp"),
        Arguments.of(DOMAIN_KNOWS_NO_INFRASTRUCTURE, DomainClassUsingJooq.class, "org.jooq.DSLContext"),
        Arguments.of(DOMAIN_KNOWS_NO_INFRASTRUCTURE, DomainClassUsingNats.class, "io.nats.client.Connection"),
        Arguments.of(
            DOMAIN_KNOWS_NO_INFRASTRUCTURE,
            DomainClassUsingTheWireContract.class,
            "dev.fieldops.support.v1.Ticket"),
        Arguments.of(
            DOMAIN_KNOWS_NO_OUTER_LAYER,
            DomainClassUsingTheApplication.class,
            "dev.fieldops.support.application.SupportAccess"),
        Arguments.of(
            DOMAIN_KNOWS_NO_OUTER_LAYER,
            DomainClassUsingAnAdapter.class,
            "dev.fieldops.support.adapter.postgres.JooqTicketQueries"),
        Arguments.of(
            APPLICATION_USES_PORTS_NOT_INFRASTRUCTURE,
            HandlerUsingAnAdapter.class,
            "dev.fieldops.support.adapter.postgres.JooqTicketQueries"),
        Arguments.of(APPLICATION_USES_PORTS_NOT_INFRASTRUCTURE, HandlerUsingJooq.class, "org.jooq.DSLContext"),
        Arguments.of(APPLICATION_USES_PORTS_NOT_INFRASTRUCTURE, HandlerUsingGrpc.class, "io.grpc.Status"),
        Arguments.of(
            APPLICATION_USES_PORTS_NOT_INFRASTRUCTURE,
            HandlerUsingAnotherContextsContract.class,
            "dev.fieldops.telemetry.v1.AlertRaised"),
        Arguments.of(
            ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_THE_OUTSIDE,
            HandlerUsingThePlatformRuntime.class,
            "dev.fieldops.runtime.IdempotentCommands"),
        Arguments.of(
            ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_THE_OUTSIDE, DomainClassUsingJooq.class, "org.jooq.DSLContext"),
        Arguments.of(GRPC_ADAPTER_WRITES_NO_SQL, GrpcAdapterUsingJooq.class, "org.jooq.DSLContext"),
        Arguments.of(POSTGRES_ADAPTER_KNOWS_NO_TRANSPORT, PostgresAdapterUsingGrpc.class, "io.grpc.Status"),
        Arguments.of(
            POSTGRES_ADAPTER_KNOWS_NO_MESSAGING_ADAPTER,
            PostgresAdapterUsingTheNatsAdapter.class,
            "dev.fieldops.support.adapter.nats.SupportEventMapper"),
        Arguments.of(
            TIME_COMES_FROM_AN_INJECTED_CLOCK, DomainClassReadingTheSystemClock.class, "Instant.now()"),
        Arguments.of(
            TIME_COMES_FROM_AN_INJECTED_CLOCK, HandlerReadingTheSystemClock.class, "Clock.systemUTC()"));
  }

  @ParameterizedTest(name = "{0} catches {1}")
  @MethodSource("violations")
  void the_rule_catches_its_violating_fixture(ArchRule rule, Class<?> fixture, String forbidden) {
    var result = rule.evaluate(new ClassFileImporter().importClasses(fixture));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains(forbidden));
  }

  @Test
  void the_cycle_rule_catches_two_domain_packages_that_need_each_other() {
    var result =
        DOMAIN_PACKAGES_FORM_NO_CYCLE.evaluate(
            new ClassFileImporter().importClasses(TicketSideOfACycle.class, PolicySideOfACycle.class));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(line -> line.contains("archfixturecyclea") && line.contains("archfixturecycleb"));
  }
}
