package dev.fieldops.invoicing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/**
 * The layering rules of a FieldOps service, written once for any root package, so the very same
 * rule objects are checked against the real code and against the violating fixtures.
 */
final class LayerRules {

  /** Packages of transport, persistence and messaging technology. */
  static final String[] INFRASTRUCTURE = {
    "io.grpc..", "com.google.protobuf..", "com.google.type..", "com.google.rpc..",
    "org.jooq..", "io.nats..", "java.sql..", "javax.sql.."
  };

  /** The platform's infrastructure libraries (runtime, database, NATS, gRPC server). */
  static final String[] PLATFORM = {
    "dev.fieldops.runtime..", "dev.fieldops.jooq..", "dev.fieldops.nats..", "dev.fieldops.grpc.."
  };

  private LayerRules() {}

  static ArchRule domainUsesNoInfrastructure(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(with(INFRASTRUCTURE, root + ".v1.."))
        .as("the domain uses no gRPC, protobuf, google.type, jOOQ, NATS, JDBC or contract types");
  }

  static ArchRule domainKnowsNoOuterLayer(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(root + ".application..", root + ".adapter..", root + ".bootstrap..")
        .as("the domain depends on no application, adapter or bootstrap class");
  }

  static ArchRule domainReadsNoClock(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(LocalDate.class, "now")
        .orShould()
        .callMethod(LocalDateTime.class, "now")
        .orShould()
        .callMethod(OffsetDateTime.class, "now")
        .orShould()
        .callMethod(ZonedDateTime.class, "now")
        .orShould()
        .callMethod(Clock.class, "systemUTC")
        .orShould()
        .callMethod(Clock.class, "systemDefaultZone")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .as("the domain never reads the clock: time comes in as an argument");
  }

  static ArchRule applicationUsesNoAdapterOrInfrastructure(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".application..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            with(INFRASTRUCTURE, root + ".v1..", root + ".adapter..", root + ".bootstrap.."))
        .as("the application depends on no adapter, bootstrap, contract or infrastructure type");
  }

  static ArchRule grpcAdapterUsesNoJooq(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".adapter.grpc..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.jooq..", root + ".adapter.postgres..")
        .as("the gRPC adapter uses no jOOQ and no persistence adapter: it calls handlers");
  }

  static ArchRule postgresAdapterUsesNoGrpc(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".adapter.postgres..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "dev.fieldops.grpc..", root + ".adapter.grpc..")
        .as(
            "the PostgreSQL adapter uses no gRPC type: transport concerns stay in the gRPC adapter");
  }

  static ArchRule postgresAdapterUsesNoNatsAdapter(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".adapter.postgres..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".adapter.nats..")
        .as("the PostgreSQL adapter gets its outbox encoder from the wiring, not the NATS adapter");
  }

  static ArchRule onlyAdaptersAndBootstrapTouchTheEdges(String root) {
    return noClasses()
        .that()
        .resideOutsideOfPackages(root + ".adapter..", root + ".bootstrap..", root + ".v1..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(with(with(INFRASTRUCTURE, PLATFORM), root + ".v1.."))
        .as("only adapters and the bootstrap use contract, platform or infrastructure types");
  }

  private static String[] with(String[] packages, String... more) {
    String[] all = java.util.Arrays.copyOf(packages, packages.length + more.length);
    System.arraycopy(more, 0, all, packages.length, more.length);
    return all;
  }
}
