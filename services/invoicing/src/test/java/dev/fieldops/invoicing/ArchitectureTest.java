package dev.fieldops.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.fieldops.invoicing.archfixture.adapter.grpc.GrpcAdapterUsingJooq;
import dev.fieldops.invoicing.archfixture.adapter.postgres.PostgresAdapterUsingGrpc;
import dev.fieldops.invoicing.archfixture.adapter.postgres.PostgresAdapterUsingTheNatsAdapter;
import dev.fieldops.invoicing.archfixture.application.HandlerUsingAdapter;
import dev.fieldops.invoicing.archfixture.application.HandlerUsingGrpc;
import dev.fieldops.invoicing.archfixture.application.HandlerUsingJooq;
import dev.fieldops.invoicing.archfixture.application.IssueSomethingHandler;
import dev.fieldops.invoicing.archfixture.domain.CleanAggregate;
import dev.fieldops.invoicing.archfixture.domain.ClockReadingAggregate;
import dev.fieldops.invoicing.archfixture.domain.ContractTypeInDomain;
import dev.fieldops.invoicing.archfixture.domain.DomainCallingAdapter;
import dev.fieldops.invoicing.archfixture.domain.DomainCallingApplication;
import dev.fieldops.invoicing.archfixture.domain.GoogleTypeMoneyInDomain;
import dev.fieldops.invoicing.archfixture.domain.GrpcStatusInDomain;
import dev.fieldops.invoicing.archfixture.domain.JdbcInDomain;
import dev.fieldops.invoicing.archfixture.domain.JooqInDomain;
import dev.fieldops.invoicing.archfixture.domain.NatsInDomain;
import dev.fieldops.invoicing.archfixture.domain.ProtobufInDomain;
import dev.fieldops.invoicing.archfixture.shared.ContractTypeOutsideAdapters;
import dev.fieldops.invoicing.archfixture.shared.PlatformTypeOutsideAdapters;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invoicing service keeps its layers: a pure domain, an application that knows no adapter,
 * adapters that stay in their lane (no SQL in the gRPC adapter, no gRPC in the PostgreSQL one),
 * contract and infrastructure types only at the edges — and every rule proved to bite on a
 * deliberately violating fixture ({@code archfixture}).
 */
class ArchitectureTest {

  private static final String ROOT = "dev.fieldops.invoicing";
  private static final String FIXTURE_ROOT = ROOT + ".archfixture";

  static {
    // The rules look at which packages our classes reach, not into those packages: resolving the
    // whole classpath (jOOQ, gRPC, protobuf) would cost seconds and tell the rules nothing more.
    ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
  }

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  enum Rule {
    DOMAIN_USES_NO_INFRASTRUCTURE(LayerRules::domainUsesNoInfrastructure),
    DOMAIN_KNOWS_NO_OUTER_LAYER(LayerRules::domainKnowsNoOuterLayer),
    DOMAIN_READS_NO_CLOCK(LayerRules::domainReadsNoClock),
    APPLICATION_USES_NO_ADAPTER_OR_INFRASTRUCTURE(LayerRules::applicationUsesNoAdapterOrInfrastructure),
    GRPC_ADAPTER_USES_NO_JOOQ(LayerRules::grpcAdapterUsesNoJooq),
    POSTGRES_ADAPTER_USES_NO_GRPC(LayerRules::postgresAdapterUsesNoGrpc),
    POSTGRES_ADAPTER_USES_NO_NATS_ADAPTER(LayerRules::postgresAdapterUsesNoNatsAdapter),
    ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_THE_EDGES(LayerRules::onlyAdaptersAndBootstrapTouchTheEdges);

    private final Function<String, ArchRule> forRoot;

    Rule(Function<String, ArchRule> forRoot) {
      this.forRoot = forRoot;
    }

    ArchRule forRoot(String root) {
      return forRoot.apply(root);
    }
  }

  @ParameterizedTest(name = "the service keeps: {0}")
  @EnumSource(Rule.class)
  void the_invoicing_service_keeps_its_layering_rules(Rule rule) {
    rule.forRoot(ROOT).check(PRODUCTION);
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        Arguments.of(Rule.DOMAIN_USES_NO_INFRASTRUCTURE, GrpcStatusInDomain.class),
        Arguments.of(Rule.DOMAIN_USES_NO_INFRASTRUCTURE, ProtobufInDomain.class),
        Arguments.of(Rule.DOMAIN_USES_NO_INFRASTRUCTURE, GoogleTypeMoneyInDomain.class),
        Arguments.of(Rule.DOMAIN_USES_NO_INFRASTRUCTURE, JooqInDomain.class),
        Arguments.of(Rule.DOMAIN_USES_NO_INFRASTRUCTURE, NatsInDomain.class),
        Arguments.of(Rule.DOMAIN_USES_NO_INFRASTRUCTURE, JdbcInDomain.class),
        Arguments.of(Rule.DOMAIN_USES_NO_INFRASTRUCTURE, ContractTypeInDomain.class),
        Arguments.of(Rule.DOMAIN_KNOWS_NO_OUTER_LAYER, DomainCallingApplication.class),
        Arguments.of(Rule.DOMAIN_KNOWS_NO_OUTER_LAYER, DomainCallingAdapter.class),
        Arguments.of(Rule.DOMAIN_READS_NO_CLOCK, ClockReadingAggregate.class),
        Arguments.of(Rule.APPLICATION_USES_NO_ADAPTER_OR_INFRASTRUCTURE, HandlerUsingAdapter.class),
        Arguments.of(Rule.APPLICATION_USES_NO_ADAPTER_OR_INFRASTRUCTURE, HandlerUsingJooq.class),
        Arguments.of(Rule.APPLICATION_USES_NO_ADAPTER_OR_INFRASTRUCTURE, HandlerUsingGrpc.class),
        Arguments.of(Rule.GRPC_ADAPTER_USES_NO_JOOQ, GrpcAdapterUsingJooq.class),
        Arguments.of(Rule.POSTGRES_ADAPTER_USES_NO_GRPC, PostgresAdapterUsingGrpc.class),
        Arguments.of(
            Rule.POSTGRES_ADAPTER_USES_NO_NATS_ADAPTER, PostgresAdapterUsingTheNatsAdapter.class),
        Arguments.of(Rule.ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_THE_EDGES, ContractTypeOutsideAdapters.class),
        Arguments.of(Rule.ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_THE_EDGES, PlatformTypeOutsideAdapters.class),
        Arguments.of(Rule.ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_THE_EDGES, HandlerUsingJooq.class),
        Arguments.of(Rule.ONLY_ADAPTERS_AND_BOOTSTRAP_TOUCH_THE_EDGES, NatsInDomain.class));
  }

  @ParameterizedTest(name = "{0} bites on {1}")
  @MethodSource("violations")
  void every_rule_bites_on_a_class_that_breaks_it(Rule rule, Class<?> fixture) {
    EvaluationResult result =
        rule.forRoot(FIXTURE_ROOT).evaluate(new ClassFileImporter().importClasses(fixture));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(detail -> assertThat(detail).contains(fixture.getName()));
  }

  @ParameterizedTest(name = "{0} lets well-behaved classes pass")
  @EnumSource(Rule.class)
  void no_rule_bites_on_classes_that_keep_it(Rule rule) {
    JavaClasses wellBehaved =
        new ClassFileImporter().importClasses(
            CleanAggregate.class,
            IssueSomethingHandler.class,
            dev.fieldops.invoicing.archfixture.adapter.grpc.InvoicingGrpcService.class,
            dev.fieldops.invoicing.archfixture.adapter.postgres.JooqInvoiceRepository.class);

    assertThat(rule.forRoot(FIXTURE_ROOT).evaluate(wellBehaved).hasViolation()).isFalse();
  }

  @Test
  void the_real_rules_do_not_see_the_fixtures() {
    assertThat(PRODUCTION.containPackage(FIXTURE_ROOT)).isFalse();
    assertThat(PRODUCTION.containPackage(ROOT + ".domain.invoice")).isTrue();
    assertThat(PRODUCTION.containPackage(ROOT + ".adapter.grpc")).isTrue();
    assertThat(PRODUCTION.containPackage(ROOT + ".adapter.postgres")).isTrue();
  }
}
