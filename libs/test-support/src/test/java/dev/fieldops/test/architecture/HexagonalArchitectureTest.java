package dev.fieldops.test.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.fieldops.test.architecture.HexagonalArchitecture.Rule;
import dev.fieldops.workshop.adapter.grpc.CleanWorkshopGrpcService;
import dev.fieldops.workshop.adapter.grpc.GrpcServiceUsingJooq;
import dev.fieldops.workshop.adapter.grpc.GrpcServiceUsingJooqSupport;
import dev.fieldops.workshop.adapter.grpc.GrpcServiceUsingThePostgresAdapter;
import dev.fieldops.workshop.adapter.nats.CleanRepairOrderEventMapper;
import dev.fieldops.workshop.adapter.nats.ConsumerReadingAnotherContextsContract;
import dev.fieldops.workshop.adapter.nats.PartReservedDecoder;
import dev.fieldops.workshop.adapter.postgres.CleanRepairOrderRepository;
import dev.fieldops.workshop.adapter.postgres.RepositoryInACycleWithTheSchema;
import dev.fieldops.workshop.adapter.postgres.RepositoryUsingGrpc;
import dev.fieldops.workshop.adapter.postgres.RepositoryUsingTheNatsAdapter;
import dev.fieldops.workshop.adapter.postgres.jooq.Tables;
import dev.fieldops.workshop.adapter.postgres.jooq.tables.GeneratedTableUsingARepository;
import dev.fieldops.workshop.adapter.postgres.jooq.tables.RepairOrderTable;
import dev.fieldops.workshop.adapter.proto.CleanRepairOrderProtos;
import dev.fieldops.workshop.application.CleanOpenRepairOrderHandler;
import dev.fieldops.workshop.application.HandlerReadingTheSystemClock;
import dev.fieldops.workshop.application.HandlerUsingAnAdapter;
import dev.fieldops.workshop.application.HandlerUsingAnotherContextsContract;
import dev.fieldops.workshop.application.HandlerUsingJooq;
import dev.fieldops.workshop.application.HandlerUsingThePlatformRuntime;
import dev.fieldops.workshop.bootstrap.CleanWorkshopWiring;
import dev.fieldops.workshop.domain.CleanRepairOrder;
import dev.fieldops.workshop.domain.RepairOrderLogging;
import dev.fieldops.workshop.domain.RepairOrderMintingRandomIds;
import dev.fieldops.workshop.domain.RepairOrderReadingTheClock;
import dev.fieldops.workshop.domain.RepairOrderUsingGrpc;
import dev.fieldops.workshop.domain.RepairOrderUsingJdbc;
import dev.fieldops.workshop.domain.RepairOrderUsingJooq;
import dev.fieldops.workshop.domain.RepairOrderUsingNats;
import dev.fieldops.workshop.domain.RepairOrderUsingProtobuf;
import dev.fieldops.workshop.domain.RepairOrderUsingTheApplication;
import dev.fieldops.workshop.domain.RepairOrderUsingTheWireContract;
import dev.fieldops.workshop.domain.cyclea.OrderSideOfACycle;
import dev.fieldops.workshop.domain.cycleb.PartSideOfACycle;
import dev.fieldops.workshop.shared.ProtobufOutsideTheAdapters;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared architecture rule passes on a made-up context that keeps it (the workshop's {@code
 * Clean...} classes) and bites on a class that breaks it: a rule that cannot fail proves nothing.
 */
class HexagonalArchitectureTest {

  private static final HexagonalArchitecture WORKSHOP =
      HexagonalArchitecture.boundedContext("dev.fieldops.workshop")
          .withAntiCorruptionDecoders("adapter.nats.PartReservedDecoder");

  /** A context with every layer, every class keeping every rule. */
  private static final List<Class<?>> CLEAN =
      List.of(
          CleanRepairOrder.class,
          CleanOpenRepairOrderHandler.class,
          CleanRepairOrderProtos.class,
          CleanWorkshopGrpcService.class,
          CleanRepairOrderRepository.class,
          Tables.class,
          RepairOrderTable.class,
          CleanRepairOrderEventMapper.class,
          PartReservedDecoder.class,
          PartReservedDecoder.Reservation.class,
          CleanWorkshopWiring.class);

  private static JavaClasses cleanWith(Class<?>... violators) {
    return new ClassFileImporter()
        .importClasses(Stream.concat(CLEAN.stream(), Stream.of(violators)).toList());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Rule.class)
  void the_rule_passes_on_a_context_that_keeps_it(Rule rule) {
    EvaluationResult result = WORKSHOP.rule(rule).evaluate(cleanWith());

    assertThat(result.getFailureReport().getDetails()).isEmpty();
  }

  @Test
  void the_clean_context_has_every_layer_and_its_named_decoder() {
    assertThat(WORKSHOP.missingFrom(cleanWith())).isEmpty();
    assertThatCode(() -> WORKSHOP.check(cleanWith())).doesNotThrowAnyException();
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        violation(
            Rule.DOMAIN_DEPENDS_ONLY_ON_JAVA_THE_KERNEL_AND_ITSELF, RepairOrderUsingGrpc.class),
        violation(
            Rule.DOMAIN_DEPENDS_ONLY_ON_JAVA_THE_KERNEL_AND_ITSELF, RepairOrderUsingProtobuf.class),
        violation(
            Rule.DOMAIN_DEPENDS_ONLY_ON_JAVA_THE_KERNEL_AND_ITSELF, RepairOrderUsingJdbc.class),
        violation(
            Rule.DOMAIN_DEPENDS_ONLY_ON_JAVA_THE_KERNEL_AND_ITSELF, RepairOrderUsingNats.class),
        violation(
            Rule.DOMAIN_DEPENDS_ONLY_ON_JAVA_THE_KERNEL_AND_ITSELF, RepairOrderUsingJooq.class),
        violation(
            Rule.DOMAIN_DEPENDS_ONLY_ON_JAVA_THE_KERNEL_AND_ITSELF,
            RepairOrderUsingTheWireContract.class),
        violation(
            Rule.DOMAIN_DEPENDS_ONLY_ON_JAVA_THE_KERNEL_AND_ITSELF,
            RepairOrderUsingTheApplication.class),
        violation(Rule.DOMAIN_DEPENDS_ONLY_ON_JAVA_THE_KERNEL_AND_ITSELF, RepairOrderLogging.class),
        violation(
            Rule.APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_THE_KERNEL_AND_JAVA,
            HandlerUsingAnAdapter.class),
        violation(
            Rule.APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_THE_KERNEL_AND_JAVA,
            HandlerUsingJooq.class),
        violation(
            Rule.APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_THE_KERNEL_AND_JAVA,
            HandlerUsingThePlatformRuntime.class),
        violation(
            Rule.APPLICATION_DEPENDS_ONLY_ON_THE_DOMAIN_THE_KERNEL_AND_JAVA,
            HandlerUsingAnotherContextsContract.class),
        violation(
            Rule.DOMAIN_AND_APPLICATION_TAKE_TIME_AND_IDS_FROM_OUTSIDE,
            RepairOrderReadingTheClock.class),
        violation(
            Rule.DOMAIN_AND_APPLICATION_TAKE_TIME_AND_IDS_FROM_OUTSIDE,
            RepairOrderMintingRandomIds.class),
        violation(
            Rule.DOMAIN_AND_APPLICATION_TAKE_TIME_AND_IDS_FROM_OUTSIDE,
            HandlerReadingTheSystemClock.class),
        violation(
            Rule.ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_CONTRACT_PLATFORM_OR_INFRASTRUCTURE,
            ProtobufOutsideTheAdapters.class),
        violation(
            Rule.ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_CONTRACT_PLATFORM_OR_INFRASTRUCTURE,
            HandlerUsingThePlatformRuntime.class),
        violation(
            Rule.ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_CONTRACT_PLATFORM_OR_INFRASTRUCTURE,
            RepairOrderUsingNats.class),
        violation(Rule.GRPC_ADAPTER_WRITES_NO_SQL, GrpcServiceUsingJooq.class),
        violation(Rule.GRPC_ADAPTER_WRITES_NO_SQL, GrpcServiceUsingThePostgresAdapter.class),
        violation(Rule.GRPC_ADAPTER_USES_NO_JOOQ_SUPPORT, GrpcServiceUsingJooqSupport.class),
        violation(Rule.POSTGRES_ADAPTER_KNOWS_NO_TRANSPORT, RepositoryUsingGrpc.class),
        violation(Rule.ADAPTERS_STAY_APART, RepositoryUsingTheNatsAdapter.class),
        violation(Rule.ADAPTERS_STAY_APART, GrpcServiceUsingThePostgresAdapter.class),
        violation(
            Rule.OTHER_CONTEXTS_CONTRACTS_ONLY_IN_ANTI_CORRUPTION_DECODERS,
            ConsumerReadingAnotherContextsContract.class),
        violation(
            Rule.OTHER_CONTEXTS_CONTRACTS_ONLY_IN_ANTI_CORRUPTION_DECODERS,
            HandlerUsingAnotherContextsContract.class),
        violation(Rule.NO_PACKAGE_CYCLES, OrderSideOfACycle.class, PartSideOfACycle.class),
        violation(
            Rule.NO_PACKAGE_CYCLES,
            RepositoryInACycleWithTheSchema.class,
            GeneratedTableUsingARepository.class));
  }

  private static Arguments violation(Rule rule, Class<?>... violators) {
    return Arguments.of(rule, violators);
  }

  @ParameterizedTest(name = "{0} bites on {1}")
  @MethodSource("violations")
  void the_rule_bites_on_its_violating_fixture(Rule rule, Class<?>[] violators) {
    JavaClasses classes = cleanWith(violators);
    EvaluationResult result = WORKSHOP.rule(rule).evaluate(classes);

    assertThat(result.hasViolation()).isTrue();
    for (Class<?> violator : violators) {
      assertThat(result.getFailureReport().getDetails())
          .anyMatch(detail -> detail.contains(violator.getName()));
    }
    assertThatThrownBy(() -> WORKSHOP.check(classes)).isInstanceOf(AssertionError.class);
  }

  @Test
  void every_rule_has_a_violating_fixture() {
    Set<Rule> proved =
        violations().map(arguments -> (Rule) arguments.get()[0]).collect(Collectors.toSet());

    assertThat(proved).isEqualTo(EnumSet.allOf(Rule.class));
  }

  @Test
  void a_decoder_is_allowed_by_name_only_to_its_own_class() {
    HexagonalArchitecture withoutDecoders =
        HexagonalArchitecture.boundedContext("dev.fieldops.workshop");

    EvaluationResult result =
        withoutDecoders
            .rule(Rule.OTHER_CONTEXTS_CONTRACTS_ONLY_IN_ANTI_CORRUPTION_DECODERS)
            .evaluate(cleanWith());

    assertThat(result.getFailureReport().getDetails())
        .anyMatch(detail -> detail.contains(PartReservedDecoder.class.getName() + "."))
        .anyMatch(detail -> detail.contains(PartReservedDecoder.Reservation.class.getName()));
  }

  @Test
  void a_missing_layer_or_a_decoder_that_is_gone_is_reported() {
    JavaClasses domainOnly = new ClassFileImporter().importClasses(CleanRepairOrder.class);
    HexagonalArchitecture withAStaleDecoder =
        HexagonalArchitecture.boundedContext("dev.fieldops.workshop")
            .withAntiCorruptionDecoders("adapter.nats.FormerDecoder");

    assertThat(WORKSHOP.missingFrom(domainOnly))
        .contains("layer application", "layer adapter.grpc", "layer bootstrap")
        .doesNotContain("layer domain");
    assertThat(withAStaleDecoder.missingFrom(cleanWith()))
        .containsExactly("decoder dev.fieldops.workshop.adapter.nats.FormerDecoder");
  }
}
