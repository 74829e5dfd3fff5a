package dev.fieldops.telemetry.contract;

import static dev.fieldops.telemetry.fixture.RuleFixtures.above;
import static dev.fieldops.telemetry.fixture.RuleFixtures.silenceOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.ConcurrencyConflictException;
import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.AlertRule;
import dev.fieldops.telemetry.domain.rule.AlertRuleFilter;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import dev.fieldops.telemetry.domain.rule.Severity;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.RuleFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link AlertRuleRepository} and {@link RuleBook} over the same store must do. */
public abstract class AlertRuleRepositoryContract {

  protected abstract AlertRuleRepository repository();

  /** A rule book over the same store as {@link #repository()}. */
  protected abstract RuleBook ruleBook();

  /** Makes the device exist for the rules that target it (a no-op where nothing refers to it). */
  protected abstract void givenDevice(Device device);

  private final CustomerId customer = DeviceFixtures.anotherCustomer();
  private final CustomerId otherCustomer = DeviceFixtures.anotherCustomer();

  private Device device(CustomerId owner) {
    var device = DeviceFixtures.freezerOf(owner);
    givenDevice(device);
    return device;
  }

  private AlertRule stored(AlertRule rule) {
    repository().add(rule);
    return rule;
  }

  @Test
  void a_created_rule_is_found_with_every_field_within_its_customers_scope() {
    var freezer = device(customer);
    var rule =
        stored(
            RuleFixtures.onDevice(customer, freezer.id(), Severity.WARNING, above(-15, -17, -10)));

    assertThat(repository().findById(rule.id(), AccessScope.customer(customer))).contains(rule);
    assertThat(repository().findById(rule.id(), AccessScope.everyone())).contains(rule);
    assertThat(repository().findById(rule.id(), AccessScope.customer(otherCustomer))).isEmpty();
  }

  @Test
  void every_kind_of_condition_round_trips() {
    var freezer = device(customer);
    var rules =
        List.of(
            RuleFixtures.onDevice(
                customer, freezer.id(), Severity.CRITICAL, RuleFixtures.below(-30, -28)),
            RuleFixtures.onDevice(
                customer,
                freezer.id(),
                Severity.WARNING,
                RuleFixtures.changeOfMoreThan(3, Duration.ofMinutes(10))),
            RuleFixtures.onDevice(
                customer,
                freezer.id(),
                Severity.WARNING,
                RuleFixtures.sustainedAbove(-15, Duration.ofMinutes(20))),
            RuleFixtures.onAllDevicesOf(
                customer, Severity.WARNING, silenceOf(Duration.ofMinutes(15))));
    rules.forEach(this::stored);

    for (AlertRule rule : rules) {
      assertThat(repository().findById(rule.id(), AccessScope.everyone())).contains(rule);
    }
  }

  @Test
  void an_update_saves_the_revised_rule() {
    var freezer = device(customer);
    var rule = stored(RuleFixtures.aboveThreshold(customer, freezer.id(), -15, -17));

    var updated =
        repository()
            .update(
                rule.id(),
                AccessScope.customer(customer),
                r ->
                    r.revise(
                        AlertRule.Revision.none().withEnabled(false), Stamps.atMinute(3).now()));

    assertThat(updated.version()).isEqualTo(2);
    assertThat(repository().findById(rule.id(), AccessScope.everyone())).contains(updated);
  }

  @Test
  void an_escalation_delay_is_stored_changed_and_removed() {
    var freezer = device(customer);
    var rule =
        stored(
            RuleFixtures.escalatingAfter(
                customer, freezer.id(), Duration.ofMinutes(90), RuleFixtures.above(-15, -17)));
    var found = repository().findById(rule.id(), AccessScope.everyone());

    var changed =
        repository()
            .update(
                rule.id(),
                AccessScope.everyone(),
                r ->
                    r.revise(
                        AlertRule.Revision.none()
                            .withEscalateAfter(Optional.of(Duration.ofSeconds(61))),
                        Stamps.atMinute(3).now()));
    var afterChange = repository().findById(rule.id(), AccessScope.everyone());
    var removed =
        repository()
            .update(
                rule.id(),
                AccessScope.everyone(),
                r ->
                    r.revise(
                        AlertRule.Revision.none().withEscalateAfter(Optional.empty()),
                        Stamps.atMinute(4).now()));

    assertThat(found).contains(rule);
    assertThat(found.orElseThrow().escalateAfter()).contains(Duration.ofMinutes(90));
    assertThat(afterChange).contains(changed);
    assertThat(changed.escalateAfter()).contains(Duration.ofSeconds(61));
    assertThat(removed.escalateAfter()).isEmpty();
    assertThat(repository().findById(rule.id(), AccessScope.everyone())).contains(removed);
  }

  @Test
  void an_update_that_changes_nothing_keeps_the_version() {
    var freezer = device(customer);
    var rule = stored(RuleFixtures.aboveThreshold(customer, freezer.id(), -15, -17));

    var unchanged = repository().update(rule.id(), AccessScope.everyone(), r -> r);

    assertThat(unchanged).isEqualTo(rule);
    assertThat(repository().findById(rule.id(), AccessScope.everyone())).contains(rule);
  }

  @Test
  void a_rule_of_another_customer_cannot_be_updated_or_deleted() {
    var freezer = device(customer);
    var rule = stored(RuleFixtures.aboveThreshold(customer, freezer.id(), -15, -17));
    var theirs = AccessScope.customer(otherCustomer);

    assertThatThrownBy(
            () ->
                repository()
                    .update(
                        rule.id(),
                        theirs,
                        r -> r.revise(AlertRule.Revision.none().withEnabled(false), Stamps.T0)))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("ALERT_RULE_NOT_FOUND"));
    assertThatThrownBy(() -> repository().delete(rule.id(), theirs, r -> {}))
        .isInstanceOf(NotFoundException.class);
    assertThat(repository().findById(rule.id(), AccessScope.everyone())).contains(rule);
  }

  @Test
  void a_deleted_rule_is_gone_unless_the_precondition_vetoes() {
    var freezer = device(customer);
    var rule = stored(RuleFixtures.aboveThreshold(customer, freezer.id(), -15, -17));

    assertThatThrownBy(
            () ->
                repository()
                    .delete(
                        rule.id(),
                        AccessScope.everyone(),
                        r -> {
                          throw ConcurrencyConflictException.etagMismatch(
                              "alert_rule", r.id().toString());
                        }))
        .isInstanceOf(ConcurrencyConflictException.class);
    assertThat(repository().findById(rule.id(), AccessScope.everyone())).isPresent();

    var deleted = repository().delete(rule.id(), AccessScope.everyone(), r -> {});

    assertThat(deleted).isEqualTo(rule);
    assertThat(repository().findById(rule.id(), AccessScope.everyone())).isEmpty();
  }

  @Test
  void a_listing_filters_by_customer_and_target_device_within_the_scope() {
    var freezer = device(customer);
    var fridge = device(customer);
    var onFreezer = stored(RuleFixtures.aboveThreshold(customer, freezer.id(), -15, -17));
    var onFridge = stored(RuleFixtures.aboveThreshold(customer, fridge.id(), 8, 6));
    var customerWide =
        stored(
            RuleFixtures.onAllDevicesOf(
                customer, Severity.WARNING, silenceOf(Duration.ofMinutes(15))));
    stored(
        RuleFixtures.onAllDevicesOf(
            otherCustomer, Severity.WARNING, silenceOf(Duration.ofMinutes(15))));

    var ofCustomer =
        repository()
            .list(
                new AlertRuleFilter(Optional.of(customer), Optional.empty()),
                AccessScope.everyone(),
                PageRequest.first(50));
    var ofFreezer =
        repository()
            .list(
                new AlertRuleFilter(Optional.empty(), Optional.of(freezer.id())),
                AccessScope.customer(customer),
                PageRequest.first(50));
    var othersAsked =
        repository()
            .list(
                new AlertRuleFilter(Optional.of(otherCustomer), Optional.empty()),
                AccessScope.customer(customer),
                PageRequest.first(50));

    assertThat(ofCustomer.items()).containsExactly(onFreezer, onFridge, customerWide);
    assertThat(ofFreezer.items()).containsExactly(onFreezer);
    assertThat(othersAsked.items()).isEmpty();
  }

  @Test
  void a_listing_of_the_rules_watching_a_device_includes_its_customers_customer_wide_ones() {
    var freezer = device(customer);
    var fridge = device(customer);
    var onFreezer = stored(RuleFixtures.aboveThreshold(customer, freezer.id(), -15, -17));
    stored(RuleFixtures.aboveThreshold(customer, fridge.id(), 8, 6));
    var customerWide =
        stored(
            RuleFixtures.onAllDevicesOf(
                customer, Severity.WARNING, silenceOf(Duration.ofMinutes(15))));

    var watchingFreezer =
        repository()
            .list(
                new AlertRuleFilter(
                    Optional.of(customer), Optional.empty(), Optional.of(freezer.id())),
                AccessScope.everyone(),
                PageRequest.first(50));

    assertThat(watchingFreezer.items()).containsExactly(onFreezer, customerWide);
  }

  @Test
  void pages_are_stable_while_rules_are_added() {
    var freezer = device(customer);
    var original = new ArrayList<AlertRule>();
    for (int i = 0; i < 3; i++) {
      original.add(stored(RuleFixtures.aboveThreshold(customer, freezer.id(), -15 + i, -17)));
    }
    var filter = new AlertRuleFilter(Optional.of(customer), Optional.empty());
    var page = repository().list(filter, AccessScope.everyone(), PageRequest.first(2));
    var seen = new ArrayList<>(page.items());
    var added = stored(RuleFixtures.aboveThreshold(customer, freezer.id(), -5, -17));
    while (page.nextCursor().isPresent()) {
      page =
          repository()
              .list(
                  filter,
                  AccessScope.everyone(),
                  PageRequest.first(2).after(page.nextCursor().get()));
      seen.addAll(page.items());
    }

    assertThat(seen).doesNotHaveDuplicates().containsSubsequence(original).endsWith(added);
    assertThatThrownBy(
            () ->
                repository()
                    .list(filter, AccessScope.everyone(), PageRequest.first(2).after("garbage")))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void the_rule_book_gives_each_device_its_own_and_its_customers_enabled_rules() {
    var freezer = device(customer);
    var fridge = device(customer);
    var theirs = device(otherCustomer);
    var onFreezer = stored(RuleFixtures.aboveThreshold(customer, freezer.id(), -15, -17));
    var onFridge = stored(RuleFixtures.aboveThreshold(customer, fridge.id(), 8, 6));
    var customerWide =
        stored(
            RuleFixtures.onAllDevicesOf(
                customer, Severity.WARNING, silenceOf(Duration.ofMinutes(15))));
    var disabled = RuleFixtures.aboveThreshold(customer, freezer.id(), -10, -12);
    stored(disabled.revise(AlertRule.Revision.none().withEnabled(false), Stamps.T0));
    stored(
        RuleFixtures.onAllDevicesOf(
            otherCustomer, Severity.WARNING, silenceOf(Duration.ofMinutes(15))));

    var rules = ruleBook().rulesFor(List.of(freezer.profile(), fridge.profile(), theirs.profile()));

    assertThat(rules.get(freezer.id())).containsExactly(onFreezer, customerWide);
    assertThat(rules.get(fridge.id())).containsExactly(onFridge, customerWide);
    assertThat(rules.get(theirs.id()))
        .hasSize(1)
        .allSatisfy(r -> assertThat(r.customerId()).isEqualTo(otherCustomer));
  }

  @Test
  void the_rule_book_lists_every_enabled_no_data_rule() {
    var freezer = device(customer);
    var silence = stored(RuleFixtures.noDataFor(customer, freezer.id(), Duration.ofMinutes(15)));
    var disabled = RuleFixtures.noDataFor(customer, freezer.id(), Duration.ofMinutes(30));
    stored(disabled.revise(AlertRule.Revision.none().withEnabled(false), Stamps.T0));
    stored(RuleFixtures.aboveThreshold(customer, freezer.id(), -15, -17));

    var ofCustomer =
        ruleBook().enabledNoDataRules().stream()
            .filter(rule -> rule.customerId().equals(customer))
            .toList();

    assertThat(ofCustomer).containsExactly(silence);
  }
}
