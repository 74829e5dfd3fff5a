package dev.fieldops.telemetry.application.command;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.kernel.Principal;
import dev.fieldops.telemetry.application.TelemetryApp;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.ReadingSubmission;
import dev.fieldops.telemetry.domain.reading.RejectReason;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who may report readings for which device. A bad caller's readings are rejected, not the call. */
class IngestAuthorizationTest {

  private final TelemetryApp app = TelemetryApp.start();
  private final Device acmeFreezer = app.freezerOf(DeviceFixtures.ACME);
  private final Device globexFreezer = app.freezerOf(DeviceFixtures.GLOBEX);

  private IngestResult bothFreezersReportedBy(Principal principal) {
    app.at(1);
    return app.ingest(
        principal, submitted(acmeFreezer.id(), 1, -18), submitted(globexFreezer.id(), 1, -18));
  }

  @Test
  void a_device_may_report_its_own_readings_only() {
    var result = bothFreezersReportedBy(Principals.sensor(acmeFreezer.id()));

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.rejectedSamples())
        .containsExactly(new RejectedReading(1, RejectReason.NOT_YOUR_DEVICE));
    assertThat(app.readings.all())
        .singleElement()
        .satisfies(r -> assertThat(r.deviceId()).isEqualTo(acmeFreezer.id()));
  }

  @Test
  void a_device_reporting_for_a_device_that_does_not_exist_is_told_it_is_not_its_device() {
    app.at(1);
    var result =
        app.ingest(
            Principals.sensor(acmeFreezer.id()),
            new ReadingSubmission("freezer-7", Metric.TEMPERATURE_CELSIUS, -18, app.now()));

    assertThat(result.rejectedByReason())
        .containsExactly(Map.entry(RejectReason.NOT_YOUR_DEVICE, 1));
  }

  @Test
  void a_customer_may_report_for_its_own_devices_and_another_customers_device_looks_unknown() {
    var result = bothFreezersReportedBy(Principals.customer(DeviceFixtures.ACME));

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.rejectedSamples())
        .containsExactly(new RejectedReading(1, RejectReason.UNKNOWN_DEVICE));
  }

  static Stream<Arguments> everyDeviceAllowed() {
    return Stream.of(
        Arguments.of(Named.of("telemetry operator", Principals.operator())),
        Arguments.of(Named.of("admin", Principals.admin())));
  }

  @ParameterizedTest
  @MethodSource("everyDeviceAllowed")
  void operators_and_admins_may_report_for_any_device(Principal principal) {
    var result = bothFreezersReportedBy(principal);

    assertThat(result.accepted()).isEqualTo(2);
  }

  static Stream<Arguments> nobodyAllowed() {
    return Stream.of(
        Arguments.of(Named.of("support agent", Principals.supportAgent())),
        Arguments.of(Named.of("another FieldOps service", Principals.customerSupportService())));
  }

  @ParameterizedTest
  @MethodSource("nobodyAllowed")
  void callers_who_may_not_ingest_have_every_reading_rejected(Principal principal) {
    var result = bothFreezersReportedBy(principal);

    assertThat(result.accepted()).isZero();
    assertThat(result.rejectedByReason())
        .containsExactly(Map.entry(RejectReason.NOT_YOUR_DEVICE, 2));
    assertThat(app.readings.all()).isEmpty();
  }
}
