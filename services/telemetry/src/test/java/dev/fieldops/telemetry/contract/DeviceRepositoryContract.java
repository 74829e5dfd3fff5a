package dev.fieldops.telemetry.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.NotFoundException;
import dev.fieldops.kernel.RuleViolationException;
import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.device.DeviceDirectory;
import dev.fieldops.telemetry.domain.device.DeviceFilter;
import dev.fieldops.telemetry.domain.device.DeviceId;
import dev.fieldops.telemetry.domain.device.DeviceKind;
import dev.fieldops.telemetry.domain.device.DeviceRepository;
import dev.fieldops.telemetry.domain.device.DeviceState;
import dev.fieldops.telemetry.domain.shared.AccessScope;
import dev.fieldops.telemetry.domain.shared.CustomerId;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.SequentialIds;
import dev.fieldops.telemetry.fixture.Stamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link DeviceRepository} and {@link DeviceDirectory} over the same store must do. */
public abstract class DeviceRepositoryContract {

  protected abstract DeviceRepository repository();

  /** A directory over the same store as {@link #repository()}. */
  protected abstract DeviceDirectory directory();

  /** Ids of every event written to the outbox so far. */
  protected abstract List<UUID> outboxEventIds();

  private final CustomerId customer = DeviceFixtures.anotherCustomer();
  private final CustomerId otherCustomer = DeviceFixtures.anotherCustomer();

  private Device registered(CustomerId owner) {
    var device = DeviceFixtures.freezerOf(owner);
    repository().add(device);
    return device;
  }

  @Test
  void a_registered_device_is_found_with_every_field_and_its_event_is_in_the_outbox() {
    var device = DeviceFixtures.freezerOf(customer);
    var registered = device.pendingEvents().getFirst();

    repository().add(device);

    var found = repository().findById(device.id(), AccessScope.everyone()).orElseThrow();
    assertThat(found.data()).isEqualTo(device.data());
    assertThat(outboxEventIds()).contains(registered.eventId());
  }

  @Test
  void a_device_is_visible_to_its_customer_and_not_to_another() {
    var device = registered(customer);

    assertThat(repository().findById(device.id(), AccessScope.customer(customer))).isPresent();
    assertThat(repository().findById(device.id(), AccessScope.customer(otherCustomer))).isEmpty();
    assertThat(
            repository()
                .findById(new DeviceId(SequentialIds.shared().get()), AccessScope.everyone()))
        .isEmpty();
  }

  @Test
  void an_update_saves_the_change_and_writes_its_events() {
    var device = registered(customer);
    var decommissionedEvent = new ArrayList<UUID>();

    var updated =
        repository()
            .update(
                device.id(),
                AccessScope.customer(customer),
                found -> {
                  found.decommission(Stamps.atMinute(5));
                  decommissionedEvent.add(found.pendingEvents().getFirst().eventId());
                });

    assertThat(updated.state()).isEqualTo(DeviceState.DECOMMISSIONED);
    assertThat(updated.version()).isEqualTo(2);
    var reloaded = repository().findById(device.id(), AccessScope.everyone()).orElseThrow();
    assertThat(reloaded.data()).isEqualTo(updated.data());
    assertThat(outboxEventIds()).containsAll(decommissionedEvent);
  }

  @Test
  void an_update_outside_the_scope_is_not_found_and_changes_nothing() {
    var device = registered(customer);

    assertThatThrownBy(
            () ->
                repository()
                    .update(
                        device.id(),
                        AccessScope.customer(otherCustomer),
                        d -> d.decommission(Stamps.atMinute(1))))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.reason()).isEqualTo("DEVICE_NOT_FOUND"));
    assertThat(repository().findById(device.id(), AccessScope.everyone()).orElseThrow().state())
        .isEqualTo(DeviceState.ACTIVE);
  }

  @Test
  void an_update_of_a_missing_device_is_not_found() {
    var missing = new DeviceId(SequentialIds.shared().get());

    assertThatThrownBy(
            () ->
                repository()
                    .update(
                        missing, AccessScope.everyone(), d -> d.decommission(Stamps.atMinute(1))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void a_refused_change_saves_nothing() {
    var device = registered(customer);
    repository()
        .update(device.id(), AccessScope.everyone(), d -> d.decommission(Stamps.atMinute(1)));
    var eventsBefore = outboxEventIds().size();

    assertThatThrownBy(
            () ->
                repository()
                    .update(
                        device.id(),
                        AccessScope.everyone(),
                        d -> d.decommission(Stamps.atMinute(2))))
        .isInstanceOf(RuleViolationException.class);

    assertThat(repository().findById(device.id(), AccessScope.everyone()).orElseThrow().version())
        .isEqualTo(2);
    assertThat(outboxEventIds()).hasSize(eventsBefore);
  }

  @Test
  void a_listing_filters_by_customer_and_state_within_the_scope() {
    var active = registered(customer);
    var retired = registered(customer);
    repository()
        .update(retired.id(), AccessScope.everyone(), d -> d.decommission(Stamps.atMinute(1)));
    var others = registered(otherCustomer);

    var ownActive =
        repository()
            .list(
                new DeviceFilter(Optional.of(customer), Optional.of(DeviceState.ACTIVE)),
                AccessScope.everyone(),
                PageRequest.first(50));
    var seenByCustomer =
        repository()
            .list(
                new DeviceFilter(Optional.empty(), Optional.empty()),
                AccessScope.customer(customer),
                PageRequest.first(50));
    var askingForAnother =
        repository()
            .list(
                new DeviceFilter(Optional.of(otherCustomer), Optional.empty()),
                AccessScope.customer(customer),
                PageRequest.first(50));

    assertThat(ownActive.items()).extracting(Device::id).containsExactly(active.id());
    assertThat(seenByCustomer.items())
        .extracting(Device::id)
        .containsExactly(active.id(), retired.id());
    assertThat(askingForAnother.items()).isEmpty();
    assertThat(others.customerId()).isEqualTo(otherCustomer);
  }

  @Test
  void a_listing_filters_by_kind() {
    var freezer = registered(customer);
    var serverRoom = DeviceFixtures.deviceOf(customer, DeviceKind.SERVER_ROOM, 1.0, Stamps.T0);
    repository().add(serverRoom);

    var serverRooms =
        repository()
            .list(
                new DeviceFilter(
                    Optional.of(customer), Optional.empty(), Optional.of(DeviceKind.SERVER_ROOM)),
                AccessScope.everyone(),
                PageRequest.first(50));

    assertThat(serverRooms.items()).extracting(Device::id).containsExactly(serverRoom.id());
    assertThat(freezer.data().kind()).isEqualTo(DeviceKind.FREEZER);
  }

  @Test
  void pages_follow_registration_order_and_stay_stable_while_devices_are_added() {
    var original = new ArrayList<DeviceId>();
    for (int i = 0; i < 5; i++) {
      original.add(registered(customer).id());
    }
    var filter = new DeviceFilter(Optional.of(customer), Optional.empty());
    var seen = new ArrayList<DeviceId>();

    var page = repository().list(filter, AccessScope.everyone(), PageRequest.first(2));
    seen.addAll(page.items().stream().map(Device::id).toList());
    var added = registered(customer).id();
    while (page.nextCursor().isPresent()) {
      page =
          repository()
              .list(
                  filter,
                  AccessScope.everyone(),
                  PageRequest.first(2).after(page.nextCursor().get()));
      seen.addAll(page.items().stream().map(Device::id).toList());
    }

    assertThat(seen)
        .doesNotHaveDuplicates()
        .containsSubsequence(original)
        .endsWith(added)
        .isSorted();
  }

  @Test
  void a_page_token_the_list_did_not_issue_is_invalid_input() {
    var filter = new DeviceFilter(Optional.of(customer), Optional.empty());

    assertThatThrownBy(
            () ->
                repository()
                    .list(
                        filter, AccessScope.everyone(), PageRequest.first(2).after("not-a-token")))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo("INVALID_PAGE_TOKEN"));
  }

  @Test
  void the_directory_returns_profiles_of_existing_devices_decommissioned_ones_included() {
    var active = registered(customer);
    var retired = registered(customer);
    repository()
        .update(retired.id(), AccessScope.everyone(), d -> d.decommission(Stamps.atMinute(1)));
    var missing = new DeviceId(SequentialIds.shared().get());

    var profiles = directory().findAll(Set.of(active.id(), retired.id(), missing));

    assertThat(profiles).containsOnlyKeys(active.id(), retired.id());
    assertThat(profiles.get(active.id())).isEqualTo(active.profile());
    assertThat(profiles.get(retired.id()).state()).isEqualTo(DeviceState.DECOMMISSIONED);
  }

  @Test
  void the_directory_lists_the_active_devices_of_a_customer() {
    var active = registered(customer);
    var retired = registered(customer);
    repository()
        .update(retired.id(), AccessScope.everyone(), d -> d.decommission(Stamps.atMinute(1)));
    registered(otherCustomer);

    assertThat(directory().activeDevicesOf(customer))
        .extracting(p -> p.id())
        .containsExactly(active.id());
  }
}
