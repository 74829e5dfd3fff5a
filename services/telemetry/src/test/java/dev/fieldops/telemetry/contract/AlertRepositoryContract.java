package dev.fieldops.telemetry.contract;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.alert.Alert;
import dev.fieldops.telemetry.domain.alert.AlertBatch;
import dev.fieldops.telemetry.domain.alert.AlertChange;
import dev.fieldops.telemetry.domain.alert.AlertFilter;
import dev.fieldops.telemetry.domain.alert.AlertId;
import dev.fieldops.telemetry.domain.alert.AlertRepository;
import dev.fieldops.telemetry.domain.alert.AlertState;
import dev.fieldops.telemetry.domain.alert.ClearCause;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.TemperatureChanged;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import dev.fieldops.telemetry.fixture.SequentialIds;
import dev.fieldops.telemetry.fixture.Stamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link AlertRepository} must do. */
public abstract class AlertRepositoryContract {

  protected abstract AlertRepository repository();

  /** Ids of every event written to the outbox so far. */
  protected abstract List<UUID> outboxEventIds();

  /** Makes the device exist (for stores whose alerts refer to devices). */
  protected abstract void givenDevice(Device device);

  /** Makes the rule exist (for stores whose alerts refer to rules). */
  protected abstract void givenRule(AlertRule rule);

  private final CustomerId customer = DeviceFixtures.anotherCustomer();
  private final CustomerId otherCustomer = DeviceFixtures.anotherCustomer();

  private Device device(CustomerId owner) {
    var device = DeviceFixtures.freezerOf(owner);
    givenDevice(device);
    return device;
  }

  private AlertRule ruleOn(Device device) {
    var rule =
        RuleFixtures.onDevice(
            device.customerId(), device.id(), Severity.WARNING, RuleFixtures.above(-15, -17, -10));
    givenRule(rule);
    return rule;
  }

  private static Alert raise(Device device, AlertRule rule) {
    return Alert.raise(
        device.profile(), rule, Severity.WARNING, -14.0, minute(1), Stamps.atMinute(1));
  }

  private Alert saved(Device device, AlertRule rule) {
    var alert = raise(device, rule);
    save(alert.pullChange());
    return alert;
  }

  private void save(AlertChange... changes) {
    repository().saveAll(new AlertBatch(List.of(changes), List.of()));
  }

  private Alert reload(AlertId id) {
    return repository().findById(id, AccessScope.everyone()).orElseThrow();
  }

  @Test
  void a_raised_alert_is_stored_with_every_field_and_its_event_is_in_the_outbox() {
    var freezer = device(customer);
    var alert = raise(freezer, ruleOn(freezer));
    var change = alert.pullChange();

    save(change);

    assertThat(reload(alert.id()).data()).isEqualTo(change.alert());
    assertThat(outboxEventIds()).contains(change.events().getFirst().eventId());
  }

  @Test
  void a_change_saves_when_the_alert_still_has_the_version_it_was_read_at() {
    var freezer = device(customer);
    var alert = saved(freezer, ruleOn(freezer));
    var read = reload(alert.id());

    read.recordBreach(-12.0, minute(2), minute(2));
    read.escalate(-9.0, minute(3), Stamps.atMinute(3));
    var change = read.pullChange();
    save(change);

    var stored = reload(alert.id());
    assertThat(stored.data()).isEqualTo(change.alert());
    assertThat(stored.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(stored.data().peakValue()).isEqualTo(-9.0);
  }

  @Test
  void a_stale_change_is_a_conflict_and_the_whole_batch_is_refused() {
    var freezer = device(customer);
    var fridge = device(customer);
    var alert = saved(freezer, ruleOn(freezer));
    var first = reload(alert.id());
    var second = reload(alert.id());
    first.recordBreach(-13.0, minute(2), minute(2));
    save(first.pullChange());
    var eventsBefore = outboxEventIds().size();
    second.clear(
        ClearCause.CONDITION_ENDED, OptionalDouble.of(-18.0), minute(3), Stamps.atMinute(3));
    var newAlert = raise(fridge, ruleOn(fridge));

    assertThatThrownBy(() -> save(newAlert.pullChange(), second.pullChange()))
        .isInstanceOf(ConcurrencyConflictException.class);

    assertThat(repository().findById(newAlert.id(), AccessScope.everyone())).isEmpty();
    assertThat(reload(alert.id()).state()).isEqualTo(AlertState.ACTIVE);
    assertThat(reload(alert.id()).data().lastValue()).isEqualTo(-13.0);
    assertThat(outboxEventIds()).hasSize(eventsBefore);
  }

  @Test
  void a_second_open_alert_for_the_same_device_and_rule_is_a_conflict() {
    var freezer = device(customer);
    var rule = ruleOn(freezer);
    saved(freezer, rule);

    assertThatThrownBy(() -> save(raise(freezer, rule).pullChange()))
        .isInstanceOf(ConcurrencyConflictException.class);
    assertThat(repository().findOpen(Set.of(freezer.id()))).hasSize(1);
  }

  @Test
  void clearing_an_alert_and_raising_a_new_one_for_the_same_rule_fit_in_one_batch() {
    var freezer = device(customer);
    var rule = ruleOn(freezer);
    var old = reload(saved(freezer, rule).id());
    old.clear(ClearCause.CONDITION_ENDED, OptionalDouble.of(-18.0), minute(2), Stamps.atMinute(2));
    var next = raise(freezer, rule);

    save(old.pullChange(), next.pullChange());

    assertThat(reload(old.id()).state()).isEqualTo(AlertState.CLEARED);
    assertThat(repository().findOpen(Set.of(freezer.id())))
        .extracting(Alert::id)
        .containsExactly(next.id());
  }

  @Test
  void open_alerts_are_found_by_device_and_by_rule() {
    var freezer = device(customer);
    var fridge = device(customer);
    var freezerRule = ruleOn(freezer);
    var active = saved(freezer, freezerRule);
    var acknowledged = saved(fridge, ruleOn(fridge));
    repository()
        .update(
            acknowledged.id(),
            AccessScope.everyone(),
            a -> a.acknowledge("olga", Stamps.atMinute(2)));
    var otherRule = ruleOn(freezer);
    var cleared = reload(saved(freezer, otherRule).id());
    cleared.clear(
        ClearCause.CONDITION_ENDED, OptionalDouble.of(-20), minute(3), Stamps.atMinute(3));
    save(cleared.pullChange());

    assertThat(repository().findOpen(Set.of(freezer.id(), fridge.id())))
        .extracting(Alert::id)
        .containsExactlyInAnyOrder(active.id(), acknowledged.id());
    assertThat(repository().findOpen(Set.of(fridge.id())))
        .extracting(Alert::id)
        .containsExactly(acknowledged.id());
    assertThat(repository().findOpenByRule(freezerRule.id()))
        .extracting(Alert::id)
        .containsExactly(active.id());
    assertThat(repository().findOpenByRule(otherRule.id())).isEmpty();
  }

  @Test
  void an_acknowledgement_through_update_is_saved_with_its_event() {
    var freezer = device(customer);
    var alert = saved(freezer, ruleOn(freezer));
    var eventIds = new ArrayList<UUID>();

    var updated =
        repository()
            .update(
                alert.id(),
                AccessScope.customer(customer),
                a -> {
                  a.acknowledge("user-1", Stamps.atMinute(4));
                  eventIds.add(a.pendingEvents().getFirst().eventId());
                });

    assertThat(updated.state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(reload(alert.id()).data()).isEqualTo(updated.data());
    assertThat(outboxEventIds()).containsAll(eventIds);
  }

  @Test
  void an_update_outside_the_scope_is_not_found_and_a_refused_one_saves_nothing() {
    var freezer = device(customer);
    var alert = saved(freezer, ruleOn(freezer));
    repository()
        .update(alert.id(), AccessScope.everyone(), a -> a.acknowledge("olga", Stamps.atMinute(2)));

    assertThatThrownBy(
            () ->
                repository()
                    .update(
                        alert.id(),
                        AccessScope.customer(otherCustomer),
                        a -> a.acknowledge("x", Stamps.at(Stamps.T0))))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("ALERT_NOT_FOUND"));
    assertThatThrownBy(
            () ->
                repository()
                    .update(
                        alert.id(),
                        AccessScope.everyone(),
                        a -> a.acknowledge("sam", Stamps.atMinute(3))))
        .isInstanceOf(RuleViolationException.class);
    assertThat(reload(alert.id()).data().acknowledgedBy()).contains("olga");
    assertThat(repository().findById(alert.id(), AccessScope.customer(otherCustomer))).isEmpty();
  }

  @Test
  void a_listing_filters_by_state_severity_device_and_customer_within_the_scope() {
    var freezer = device(customer);
    var fridge = device(customer);
    var theirs = device(otherCustomer);
    var onFreezer = saved(freezer, ruleOn(freezer));
    var onFridge = reload(saved(fridge, ruleOn(fridge)).id());
    onFridge.escalate(-5, minute(2), Stamps.atMinute(2));
    save(onFridge.pullChange());
    saved(theirs, ruleOn(theirs));

    var critical =
        repository()
            .list(
                new AlertFilter(
                    Optional.of(customer),
                    Optional.empty(),
                    Optional.empty(),
                    Set.of(),
                    Optional.of(Severity.CRITICAL)),
                AccessScope.everyone(),
                PageRequest.first(50));
    var activeOnFreezer =
        repository()
            .list(
                new AlertFilter(
                    Optional.empty(),
                    Optional.of(freezer.id()),
                    Optional.empty(),
                    Set.of(AlertState.ACTIVE),
                    Optional.empty()),
                AccessScope.customer(customer),
                PageRequest.first(50));
    var allSeenByCustomer =
        repository().list(AlertFilter.any(), AccessScope.customer(customer), PageRequest.first(50));

    assertThat(critical.items()).extracting(Alert::id).containsExactly(onFridge.id());
    assertThat(activeOnFreezer.items()).extracting(Alert::id).containsExactly(onFreezer.id());
    assertThat(allSeenByCustomer.items())
        .extracting(Alert::id)
        .containsExactly(onFridge.id(), onFreezer.id());
  }

  @Test
  void alerts_are_listed_newest_first_and_pages_hold_while_alerts_are_raised() {
    var raised = new ArrayList<AlertId>();
    for (int i = 0; i < 5; i++) {
      raised.add(savedOnANewFreezer());
    }
    var filter =
        new AlertFilter(
            Optional.of(customer), Optional.empty(), Optional.empty(), Set.of(), Optional.empty());
    var page = repository().list(filter, AccessScope.everyone(), PageRequest.first(2));
    var seen = new ArrayList<>(page.items().stream().map(Alert::id).toList());
    var raisedWhilePaging = new ArrayList<AlertId>();
    while (page.nextCursor().isPresent()) {
      raisedWhilePaging.add(savedOnANewFreezer());
      page =
          repository()
              .list(
                  filter,
                  AccessScope.everyone(),
                  PageRequest.first(2).after(page.nextCursor().get()));
      seen.addAll(page.items().stream().map(Alert::id).toList());
    }
    var firstPageNow = repository().list(filter, AccessScope.everyone(), PageRequest.first(2));

    assertThat(seen).containsExactlyElementsOf(raised.reversed());
    assertThat(raisedWhilePaging).hasSize(2);
    assertThat(firstPageNow.items())
        .extracting(Alert::id)
        .containsExactlyElementsOf(raisedWhilePaging.reversed());
    assertThatThrownBy(
            () ->
                repository()
                    .list(filter, AccessScope.everyone(), PageRequest.first(2).after("%%%")))
        .isInstanceOf(InvalidInputException.class);
  }

  private AlertId savedOnANewFreezer() {
    var freezer = device(customer);
    return saved(freezer, ruleOn(freezer)).id();
  }

  @Test
  void temperature_reports_of_a_batch_go_to_the_outbox() {
    var freezer = device(customer);
    var report =
        new TemperatureChanged(
            SequentialIds.shared().get(),
            minute(1),
            freezer.id(),
            customer,
            -18.2,
            OptionalDouble.empty(),
            minute(1),
            0.5);

    repository().saveAll(new AlertBatch(List.of(), List.of(report)));

    assertThat(outboxEventIds()).contains(report.eventId());
  }
}
