package dev.fieldops.telemetry.application;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.ExpectedVersion;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.application.command.AcknowledgeAlert;
import dev.fieldops.telemetry.application.command.CreateAlertRule;
import dev.fieldops.telemetry.application.command.DecommissionDevice;
import dev.fieldops.telemetry.application.command.DeleteAlertRule;
import dev.fieldops.telemetry.application.command.UpdateAlertRule;
import dev.fieldops.telemetry.application.query.GetAlert;
import dev.fieldops.telemetry.application.query.GetAlertRule;
import dev.fieldops.telemetry.application.query.GetDevice;
import dev.fieldops.telemetry.application.query.QueryReadings;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.TimeRange;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.RuleTarget;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every use case that takes the id of a device, rule or alert treats another customer's object as
 * missing: NOT_FOUND, nothing changed. Its owner and an operator get through.
 */
class ObjectLevelAuthorizationTest {

  /** ACME's freezer, with a rule and an open alert, in a fresh application. */
  record World(TelemetryApp app, Device freezer, AlertRule rule, Alert alert) {

    static World create() {
      var app = TelemetryApp.start();
      var freezer = app.freezerOf(DeviceFixtures.ACME);
      var rule = app.ruleOn(freezer, Severity.WARNING, RuleFixtures.above(-15, -17));
      app.report(freezer, 1, -14);
      return new World(app, freezer, rule, app.onlyAlertOf(freezer.id()));
    }
  }

  static Stream<Arguments> useCasesTakingAnId() {
    List<Named<BiConsumer<World, Principal>>> useCases =
        List.of(
            Named.of(
                "GetDevice",
                (w, p) -> w.app().getDevice.handle(new GetDevice(p, w.freezer().id()))),
            Named.of(
                "QueryReadings",
                (w, p) ->
                    w.app()
                        .queryReadings
                        .handle(
                            new QueryReadings(
                                p,
                                w.freezer().id(),
                                Metric.TEMPERATURE_CELSIUS,
                                new TimeRange(minute(0), minute(5)),
                                Optional.empty(),
                                PageRequest.first(10)))),
            Named.of(
                "DecommissionDevice",
                (w, p) ->
                    w.app()
                        .decommissionDevice
                        .handle(
                            new DecommissionDevice(p, w.freezer().id(), ExpectedVersion.any()))),
            Named.of(
                "CreateAlertRule",
                (w, p) ->
                    w.app()
                        .createAlertRule
                        .handle(
                            new CreateAlertRule(
                                p,
                                DeviceFixtures.ACME,
                                new RuleTarget.SingleDevice(w.freezer().id()),
                                "x",
                                Metric.TEMPERATURE_CELSIUS,
                                Severity.WARNING,
                                true,
                                RuleFixtures.above(8, 6)))),
            Named.of(
                "GetAlertRule",
                (w, p) -> w.app().getAlertRule.handle(new GetAlertRule(p, w.rule().id()))),
            Named.of(
                "UpdateAlertRule",
                (w, p) ->
                    w.app()
                        .updateAlertRule
                        .handle(
                            new UpdateAlertRule(
                                p,
                                w.rule().id(),
                                ExpectedVersion.any(),
                                AlertRule.Revision.none().withDisplayName("Renamed")))),
            Named.of(
                "DeleteAlertRule",
                (w, p) ->
                    w.app()
                        .deleteAlertRule
                        .handle(new DeleteAlertRule(p, w.rule().id(), ExpectedVersion.any()))),
            Named.of(
                "GetAlert", (w, p) -> w.app().getAlert.handle(new GetAlert(p, w.alert().id()))),
            Named.of(
                "AcknowledgeAlert",
                (w, p) ->
                    w.app()
                        .acknowledgeAlert
                        .handle(new AcknowledgeAlert(p, w.alert().id(), ExpectedVersion.any()))));
    return useCases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("useCasesTakingAnId")
  void another_customer_gets_not_found_and_changes_nothing(BiConsumer<World, Principal> useCase) {
    var world = World.create();
    var eventsBefore = world.app().outbox.events().size();

    assertThatThrownBy(() -> useCase.accept(world, Principals.customer(DeviceFixtures.GLOBEX)))
        .isInstanceOf(NotFoundException.class);

    assertThat(world.app().outbox.events()).hasSize(eventsBefore);
    assertThat(world.app().onlyAlertOf(world.freezer().id()).version())
        .isEqualTo(world.alert().version());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("useCasesTakingAnId")
  void a_device_principal_gets_not_found_even_for_its_own_objects(
      BiConsumer<World, Principal> useCase) {
    var world = World.create();

    assertThatThrownBy(() -> useCase.accept(world, Principals.sensor(world.freezer().id())))
        .isInstanceOf(NotFoundException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("useCasesTakingAnId")
  void the_owner_gets_through(BiConsumer<World, Principal> useCase) {
    var world = World.create();

    assertThatCode(() -> useCase.accept(world, Principals.customer(DeviceFixtures.ACME)))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("useCasesTakingAnId")
  void an_operator_gets_through(BiConsumer<World, Principal> useCase) {
    var world = World.create();

    assertThatCode(() -> useCase.accept(world, Principals.operator())).doesNotThrowAnyException();
  }
}
