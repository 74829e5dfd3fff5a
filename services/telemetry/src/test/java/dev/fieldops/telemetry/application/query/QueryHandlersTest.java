package dev.fieldops.telemetry.application.query;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.application.TelemetryApp;
import dev.fieldops.telemetry.domain.alert.AlertData;
import dev.fieldops.telemetry.domain.alert.AlertFilter;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceData;
import dev.fieldops.telemetry.domain.device.DeviceFilter;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingBucket;
import dev.fieldops.telemetry.domain.reading.TimeRange;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleFilter;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Principals;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class QueryHandlersTest {

  private final TelemetryApp app = TelemetryApp.start();
  private final Device acmeFreezer = app.freezerOf(DeviceFixtures.ACME);
  private final Device acmeFridge = app.freezerOf(DeviceFixtures.ACME);
  private final Device globexFreezer = app.freezerOf(DeviceFixtures.GLOBEX);

  private QueryReadings raw(Principal principal, Device device, int pageSize) {
    return new QueryReadings(
        principal,
        device.id(),
        Metric.TEMPERATURE_CELSIUS,
        new TimeRange(minute(0), minute(60)),
        Optional.empty(),
        PageRequest.first(pageSize));
  }

  @Test
  void a_customer_lists_and_gets_only_its_own_devices() {
    var acme = Principals.customer(DeviceFixtures.ACME);

    var listed =
        app.listDevices.handle(new ListDevices(acme, DeviceFilter.any(), PageRequest.first(50)));

    assertThat(listed.items())
        .extracting(DeviceData::id)
        .containsExactlyInAnyOrder(acmeFreezer.id(), acmeFridge.id());
    assertThat(app.getDevice.handle(new GetDevice(acme, acmeFreezer.id())).id())
        .isEqualTo(acmeFreezer.id());
    assertThatThrownBy(() -> app.getDevice.handle(new GetDevice(acme, globexFreezer.id())))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("DEVICE_NOT_FOUND"));
  }

  @Test
  void an_operator_and_a_fieldops_service_see_every_customers_devices() {
    assertThat(
            app.listDevices
                .handle(
                    new ListDevices(
                        Principals.operator(), DeviceFilter.any(), PageRequest.first(50)))
                .items())
        .hasSize(3);
    assertThat(
            app.getDevice
                .handle(new GetDevice(Principals.customerSupportService(), globexFreezer.id()))
                .id())
        .isEqualTo(globexFreezer.id());
  }

  @Test
  void raw_readings_come_in_pages_oldest_first() {
    app.report(acmeFreezer, 1, -18.0, 2, -18.5, 3, -19.0);

    var first =
        app.queryReadings.handle(raw(Principals.customer(DeviceFixtures.ACME), acmeFreezer, 2));
    var next =
        app.queryReadings.handle(
            new QueryReadings(
                Principals.customer(DeviceFixtures.ACME),
                acmeFreezer.id(),
                Metric.TEMPERATURE_CELSIUS,
                new TimeRange(minute(0), minute(60)),
                Optional.empty(),
                PageRequest.first(2).after(first.nextCursor().orElseThrow())));

    assertThat(first.points()).extracting(Reading::value).containsExactly(-18.0, -18.5);
    assertThat(next.points()).extracting(Reading::value).containsExactly(-19.0);
    assertThat(next.nextCursor()).isEmpty();
  }

  @Test
  void aggregated_readings_give_min_max_avg_and_count_per_bucket() {
    app.report(acmeFreezer, 1, -18.0, 2, -16.0, 11, -20.0);

    var answer =
        app.queryReadings.handle(buckets(Principals.operator(), minute(20), PageRequest.first(50)));

    assertThat(answer.buckets())
        .containsExactly(
            new ReadingBucket(minute(0), 2, -18.0, -16.0, -17.0),
            new ReadingBucket(minute(10), 1, -20.0, -20.0, -20.0));
    assertThat(answer.nextCursor()).isEmpty();
  }

  @Test
  void buckets_come_in_pages_that_start_at_the_next_bucket() {
    app.report(acmeFreezer, 1, -18.0, 11, -20.0, 21, -22.0);

    var first =
        app.queryReadings.handle(buckets(Principals.operator(), minute(30), PageRequest.first(2)));
    var afterFirst = PageRequest.first(2).after(first.nextCursor().orElseThrow());
    var next = app.queryReadings.handle(buckets(Principals.operator(), minute(30), afterFirst));

    assertThat(first.buckets())
        .extracting(ReadingBucket::bucketStart)
        .containsExactly(minute(0), minute(10));
    assertThat(next.buckets())
        .containsExactly(new ReadingBucket(minute(20), 1, -22.0, -22.0, -22.0));
    assertThat(next.nextCursor()).isEmpty();
  }

  @Test
  void a_bucket_cursor_that_is_not_a_bucket_start_is_an_invalid_page_token() {
    var forged =
        buckets(Principals.operator(), minute(30), PageRequest.first(2).after("not-a-bucket"));

    assertThatThrownBy(() -> app.queryReadings.handle(forged))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("INVALID_PAGE_TOKEN"));
  }

  private QueryReadings buckets(Principal principal, Instant to, PageRequest page) {
    return new QueryReadings(
        principal,
        acmeFreezer.id(),
        Metric.TEMPERATURE_CELSIUS,
        new TimeRange(minute(0), to),
        Optional.of(Duration.ofMinutes(10)),
        page);
  }

  @Test
  void too_many_or_too_small_buckets_are_invalid_input() {
    var tiny =
        new QueryReadings(
            Principals.operator(),
            acmeFreezer.id(),
            Metric.TEMPERATURE_CELSIUS,
            new TimeRange(minute(0), minute(60)),
            Optional.of(Duration.ofMillis(500)),
            PageRequest.first(1));
    var tooMany =
        new QueryReadings(
            Principals.operator(),
            acmeFreezer.id(),
            Metric.TEMPERATURE_CELSIUS,
            new TimeRange(minute(0), minute(60 * 24 * 30)),
            Optional.of(Duration.ofMinutes(1)),
            PageRequest.first(1));

    assertThatThrownBy(() -> app.queryReadings.handle(tiny))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> app.queryReadings.handle(tooMany))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("INVALID_READING_QUERY"));
  }

  @Test
  void another_customers_readings_are_not_found() {
    app.report(globexFreezer, 1, -18.0);

    assertThatThrownBy(
            () ->
                app.queryReadings.handle(
                    raw(Principals.customer(DeviceFixtures.ACME), globexFreezer, 10)))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("DEVICE_NOT_FOUND"));
  }

  @Test
  void rules_and_alerts_are_listed_within_the_callers_scope_and_by_filter() {
    var acmeRule = app.ruleOn(acmeFreezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.ruleOn(globexFreezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.report(acmeFreezer, 1, -14);
    app.report(globexFreezer, 1, -14);
    var acme = Principals.customer(DeviceFixtures.ACME);

    var rules =
        app.listAlertRules.handle(
            new ListAlertRules(acme, AlertRuleFilter.any(), PageRequest.first(50)));
    var active =
        app.listAlerts.handle(
            new ListAlerts(
                acme,
                new AlertFilter(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Set.of(AlertState.ACTIVE),
                    Optional.empty()),
                PageRequest.first(50)));

    assertThat(rules.items()).extracting(AlertRule::id).containsExactly(acmeRule.id());
    assertThat(active.items()).extracting(AlertData::deviceId).containsExactly(acmeFreezer.id());
    assertThat(app.getAlertRule.handle(new GetAlertRule(acme, acmeRule.id()))).isEqualTo(acmeRule);
    assertThat(app.getAlert.handle(new GetAlert(acme, active.items().getFirst().id())).state())
        .isEqualTo(AlertState.ACTIVE);
  }

  @Test
  void the_rules_watching_a_device_are_its_own_and_its_customers_customer_wide_ones() {
    var onFreezer = app.ruleOn(acmeFreezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.ruleOn(acmeFridge, Severity.WARNING, RuleFixtures.above(-15, -17));
    var acmeWide =
        app.ruleOnAllDevicesOf(DeviceFixtures.ACME, Severity.WARNING, RuleFixtures.above(-5, -7));
    app.ruleOnAllDevicesOf(DeviceFixtures.GLOBEX, Severity.WARNING, RuleFixtures.above(-5, -7));
    Function<Principal, ListAlertRules> watching =
        principal ->
            new ListAlertRules(
                principal,
                new AlertRuleFilter(
                    Optional.empty(), Optional.empty(), Optional.of(acmeFreezer.id())),
                PageRequest.first(50));

    var seenByOperator = app.listAlertRules.handle(watching.apply(Principals.operator()));
    var seenByGlobex =
        app.listAlertRules.handle(watching.apply(Principals.customer(DeviceFixtures.GLOBEX)));

    assertThat(seenByOperator.items())
        .extracting(AlertRule::id)
        .containsExactly(onFreezer.id(), acmeWide.id());
    assertThat(seenByGlobex.items()).isEmpty();
  }

  @Test
  void callers_who_may_not_see_rules_and_alerts_get_nothing() {
    var rule = app.ruleOn(acmeFreezer, Severity.WARNING, RuleFixtures.above(-15, -17));
    app.report(acmeFreezer, 1, -14);
    var alert = app.onlyAlertOf(acmeFreezer.id());

    for (var principal :
        new Principal[] {
          Principals.customerSupportService(),
          Principals.sensor(acmeFreezer.id()),
          Principals.supportAgent()
        }) {
      assertThat(
              app.listAlerts
                  .handle(new ListAlerts(principal, AlertFilter.any(), PageRequest.first(50)))
                  .items())
          .isEmpty();
      assertThat(
              app.listAlertRules
                  .handle(
                      new ListAlertRules(principal, AlertRuleFilter.any(), PageRequest.first(50)))
                  .items())
          .isEmpty();
      assertThatThrownBy(() -> app.getAlert.handle(new GetAlert(principal, alert.id())))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> app.getAlertRule.handle(new GetAlertRule(principal, rule.id())))
          .isInstanceOf(NotFoundException.class);
    }
  }
}
