package dev.fieldops.test.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.fieldops.kernel.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The dependency rules every bounded context keeps, written once and applied to each context by its
 * root package. All contexts share one layout under the root: {@code domain} (plain Java: only
 * {@code java.*}, the domain kernel and itself), {@code application} (handlers and ports: the
 * domain, the kernel, Java and the logging API), {@code adapter.grpc}, {@code adapter.postgres},
 * {@code adapter.nats} and {@code adapter.proto} (the wire translation the other adapters share),
 * {@code bootstrap} (the wiring) and {@code v1} (the generated contract, published from
 * libs/contracts).
 *
 * <p>A context names its anti-corruption decoders: the only classes allowed to read another
 * context's generated contract types ({@code dev.fieldops.<other>.v1}) and turn them into its own
 * words. Each rule is proved to bite on a deliberately violating fixture in this library's tests.
 *
 * <pre>{@code
 * HexagonalArchitecture support =
 *     HexagonalArchitecture.boundedContext("dev.fieldops.support")
 *         .withAntiCorruptionDecoders("adapter.nats.TelemetryAlertDecoder");
 * support.rule(Rule.NO_PACKAGE_CYCLES).check(support.importProductionClasses());
 * }</pre>
 */
public final class HexagonalArchitecture {

  /** The rules of the shared layout; each reads as the sentence its constant names. */
  public enum Rule {
    DOMAIN_DEPENDS_ONLY_ON_JAVA_THE_KERNEL_AND_ITSELF,
    APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_THE_KERNEL_AND_JAVA,
    DOMAIN_AND_APPLICATION_TAKE_TIME_AND_IDS_FROM_OUTSIDE,
    ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_CONTRACT_PLATFORM_OR_INFRASTRUCTURE,
    GRPC_ADAPTER_WRITES_NO_SQL,
    GRPC_ADAPTER_USES_NO_JOOQ_SUPPORT,
    POSTGRES_ADAPTER_KNOWS_NO_TRANSPORT,
    ADAPTERS_STAY_APART,
    OTHER_CONTEXTS_CONTRACTS_ONLY_IN_ANTI_CORRUPTION_DECODERS,
    NO_PACKAGE_CYCLES
  }

  /** The generated contract of every context: the published language, read at the edges only. */
  private static final String CONTRACTS = "dev.fieldops.*.v1..";

  /** Technology that belongs in adapters and the bootstrap only. */
  private static final List<String> INFRASTRUCTURE =
      List.of(
          "io.grpc..",
          "com.google.protobuf..",
          "com.google.rpc..",
          "com.google.type..",
          "org.jooq..",
          "io.nats..",
          "io.opentelemetry..",
          "java.sql..",
          "javax.sql..",
          CONTRACTS);

  /** The platform libraries a service composes in its adapters and bootstrap. */
  private static final List<String> PLATFORM =
      List.of(
          "dev.fieldops.grpc..",
          "dev.fieldops.jooq..",
          "dev.fieldops.nats..",
          "dev.fieldops.runtime..");

  /** Where the jOOQ code generator writes a context's schema classes (see the parent POM). */
  private static final String GENERATED_SCHEMA = "adapter.postgres.jooq";

  /** The layers every context has under its root package. */
  private static final List<String> LAYERS =
      List.of(
          "domain",
          "application",
          "adapter.grpc",
          "adapter.postgres",
          "adapter.nats",
          "adapter.proto",
          "bootstrap");

  private final String root;
  private final Set<String> decoders;

  private HexagonalArchitecture(String root, Set<String> decoders) {
    this.root = root;
    this.decoders = decoders;
  }

  /**
   * The context whose classes live under {@code rootPackage}, e.g. {@code dev.fieldops.support}.
   */
  public static HexagonalArchitecture boundedContext(String rootPackage) {
    Objects.requireNonNull(rootPackage, "rootPackage");
    return new HexagonalArchitecture(rootPackage, Set.of());
  }

  /**
   * The classes (with their nested classes) that may read another context's generated contract
   * types, named relative to the root package (e.g. {@code adapter.nats.TelemetryAlertDecoder}):
   * they decode its events or answers into this context's own words. Names, not class literals,
   * because decoders are usually package-private.
   */
  public HexagonalArchitecture withAntiCorruptionDecoders(String... relativeClassNames) {
    return new HexagonalArchitecture(
        root,
        Arrays.stream(relativeClassNames)
            .map(name -> root + "." + name)
            .collect(Collectors.toUnmodifiableSet()));
  }

  /** The context's own production classes, without tests and without the contract jar. */
  public JavaClasses importProductionClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(root);
  }

  /**
   * The layers of the shared layout and the named decoders that {@code classes} do not hold: a rule
   * over a layer that was not imported would pass without having looked at anything, and a decoder
   * that no longer exists should leave the allow-list.
   */
  public List<String> missingFrom(JavaClasses classes) {
    return Stream.concat(
            LAYERS.stream()
                .filter(layer -> !classes.containPackage(root + "." + layer))
                .map(layer -> "layer " + layer),
            decoders.stream()
                .sorted()
                .filter(decoder -> !classes.contain(decoder))
                .map(decoder -> "decoder " + decoder))
        .toList();
  }

  /** Every rule of the layout, in the order of {@link Rule}. */
  public List<ArchRule> rules() {
    return Stream.of(Rule.values()).map(this::rule).toList();
  }

  /** Checks every rule on {@code classes}, failing with the first rule that is broken. */
  public void check(JavaClasses classes) {
    rules().forEach(rule -> rule.check(classes));
  }

  /** One rule of the layout, for this context. */
  public ArchRule rule(Rule rule) {
    return switch (rule) {
      case DOMAIN_DEPENDS_ONLY_ON_JAVA_THE_KERNEL_AND_ITSELF -> domainAllowList();
      case APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_THE_KERNEL_AND_JAVA -> applicationAllowList();
      case DOMAIN_AND_APPLICATION_TAKE_TIME_AND_IDS_FROM_OUTSIDE -> timeAndIdsComeFromOutside();
      case ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_CONTRACT_PLATFORM_OR_INFRASTRUCTURE ->
          onlyTheEdgesTouchTheOutside();
      case GRPC_ADAPTER_WRITES_NO_SQL -> grpcAdapterWritesNoSql();
      case GRPC_ADAPTER_USES_NO_JOOQ_SUPPORT -> grpcAdapterUsesNoJooqSupport();
      case POSTGRES_ADAPTER_KNOWS_NO_TRANSPORT -> postgresAdapterKnowsNoTransport();
      case ADAPTERS_STAY_APART -> adaptersStayApart();
      case OTHER_CONTEXTS_CONTRACTS_ONLY_IN_ANTI_CORRUPTION_DECODERS ->
          otherContractsOnlyInDecoders();
      case NO_PACKAGE_CYCLES -> noPackageCycles();
    };
  }

  private String layer(String name) {
    return root + "." + name + "..";
  }

  /**
   * {@code java.*} without JDBC: a database handle is infrastructure even though the JDK ships it.
   */
  private static DescribedPredicate<JavaClass> plainJava() {
    return resideInAPackage("java..")
        .and(not(resideInAnyPackage("java.sql..")))
        .as("java.* (but java.sql)");
  }

  private ArchRule domainAllowList() {
    return ArchRuleDefinition.classes()
        .that()
        .resideInAPackage(layer("domain"))
        .should()
        .onlyDependOnClassesThat(
            plainJava().or(resideInAnyPackage("dev.fieldops.kernel..", layer("domain"))))
        .allowEmptyShould(true)
        .as("the domain depends only on java.*, the domain kernel and itself")
        .because("it is plain Java: no transport, database, messaging, contract or outer layer");
  }

  private ArchRule applicationAllowList() {
    return ArchRuleDefinition.classes()
        .that()
        .resideInAPackage(layer("application"))
        .should()
        .onlyDependOnClassesThat(
            plainJava()
                .or(
                    resideInAnyPackage(
                        "dev.fieldops.kernel..",
                        layer("domain"),
                        layer("application"),
                        "org.slf4j..")))
        .allowEmptyShould(true)
        .as("the application depends only on the domain, the kernel, java.* and the logging API")
        .because(
            "handlers reach the outside world through ports, never adapters or infrastructure");
  }

  private ArchRule timeAndIdsComeFromOutside() {
    return noClasses()
        .that()
        .resideInAnyPackage(layer("domain"), layer("application"))
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
        .callMethod(UUID.class, "randomUUID")
        .orShould()
        .callMethod(UuidV7.class, "systemUtc")
        .as("domain and application code take time and ids from an injected source or an argument")
        .because("tests and replays must be deterministic");
  }

  private ArchRule onlyTheEdgesTouchTheOutside() {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .resideOutsideOfPackages(layer("adapter"), layer("bootstrap"), layer("v1"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            Stream.concat(INFRASTRUCTURE.stream(), PLATFORM.stream()).toArray(String[]::new))
        .allowEmptyShould(true)
        .as("only adapters and the bootstrap use contract, platform or infrastructure types")
        .because("those types are translated at the edge, nowhere else");
  }

  private ArchRule grpcAdapterWritesNoSql() {
    return noClasses()
        .that()
        .resideInAPackage(layer("adapter.grpc"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.jooq..", "java.sql..", "javax.sql..", layer("adapter.postgres"))
        .allowEmptyShould(true)
        .as("the gRPC adapter uses no jOOQ, JDBC or PostgreSQL adapter type")
        .because("the transport calls handlers; only the PostgreSQL adapter queries the database");
  }

  private ArchRule grpcAdapterUsesNoJooqSupport() {
    return noClasses()
        .that()
        .resideInAPackage(layer("adapter.grpc"))
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.fieldops.jooq..")
        .allowEmptyShould(true)
        .as("the gRPC adapter uses nothing of the jOOQ platform library (dev.fieldops.jooq)")
        .because("what the transport needs from the platform lives in transport-neutral libraries");
  }

  private ArchRule postgresAdapterKnowsNoTransport() {
    return noClasses()
        .that()
        .resideInAPackage(layer("adapter.postgres"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "dev.fieldops.grpc..", layer("adapter.grpc"))
        .allowEmptyShould(true)
        .as("the PostgreSQL adapter uses no gRPC, gRPC platform or gRPC adapter type")
        .because("storage knows nothing of the transport");
  }

  private ArchRule adaptersStayApart() {
    return slices()
        .matching(root + ".adapter.(*)..")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(DescribedPredicate.alwaysTrue(), resideInAPackage(layer("adapter.proto")))
        .allowEmptyShould(true)
        .as("each adapter uses no other adapter but the shared wire translation (adapter.proto)")
        .because("the wiring connects adapters through application ports");
  }

  private ArchRule otherContractsOnlyInDecoders() {
    DescribedPredicate<JavaClass> anotherContextsContract =
        resideInAPackage(CONTRACTS)
            .and(not(resideInAPackage(layer("v1"))))
            .as("another context's generated contract types");
    DescribedPredicate<JavaClass> decoder =
        DescribedPredicate.describe(
            "an anti-corruption decoder " + decoders.stream().sorted().toList(),
            javaClass -> decoders.stream().anyMatch(name -> isOrIsNestedIn(javaClass, name)));
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and(not(decoder))
        .should()
        .dependOnClassesThat(anotherContextsContract)
        .allowEmptyShould(true)
        .as("only the anti-corruption decoders use another context's generated contract types")
        .because("another context's language is translated once, at the boundary");
  }

  private static boolean isOrIsNestedIn(JavaClass javaClass, String className) {
    return javaClass.getName().equals(className) || javaClass.getName().startsWith(className + "$");
  }

  private ArchRule noPackageCycles() {
    return slices()
        .assignedFrom(packagesWithGeneratedSchemaAsOne())
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true)
        .as("the packages of the context depend on each other without cycles")
        .because("a cycle ties layers or modules together so that neither can change alone");
  }

  /**
   * One slice per package, but the jOOQ classes generated from the schema (in {@code
   * adapter.postgres.jooq}) as one slice: the generator links tables, keys and records both ways,
   * and that is not ours to keep; a cycle between them and hand-written code still counts.
   */
  private SliceAssignment packagesWithGeneratedSchemaAsOne() {
    String generated = root + "." + GENERATED_SCHEMA;
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (name.equals(generated) || name.startsWith(generated + ".")) {
          return SliceIdentifier.of(GENERATED_SCHEMA);
        }
        if (name.equals(root)) {
          return SliceIdentifier.of("(root)");
        }
        if (name.startsWith(root + ".")) {
          return SliceIdentifier.of(name.substring(root.length() + 1));
        }
        return SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "the packages under " + root + ", " + GENERATED_SCHEMA + " as one";
      }
    };
  }
}
