package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.kernel.paging.PageRequest;
import dev.fieldops.telemetry.contract.ReadingStoreContract;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.reading.Metric;
import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.domain.reading.ReadingStore;
import dev.fieldops.telemetry.domain.reading.TimeRange;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.ReadingFixtures;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JooqReadingStoreIT extends ReadingStoreContract {

  private static PostgresFixture postgres;
  private static JooqReadingStore readings;

  @BeforeAll
  static void startDatabase() {
    postgres = PostgresFixture.start();
    readings = new JooqReadingStore(postgres.transactor(), postgres.dsl());
  }

  @AfterAll
  static void dropDatabase() {
    postgres.close();
  }

  @Override
  protected ReadingStore store() {
    return readings;
  }

  @Override
  protected void givenDevice(Device device) {
    // readings refer to devices by id only
  }

  @Test
  void a_batch_holding_a_reading_twice_stores_it_once() {
    var freezer = DeviceFixtures.freezerOf(DeviceFixtures.anotherCustomer());

    var stored =
        readings.append(
            List.of(
                temperature(freezer.id(), 1, -18.0),
                temperature(freezer.id(), 2, -17.5),
                temperature(freezer.id(), 1, -18.0)));

    assertThat(stored).isEqualTo(2);
    assertThat(rawOf(freezer))
        .containsExactly(temperature(freezer.id(), 1, -18.0), temperature(freezer.id(), 2, -17.5));
  }

  @Test
  void a_batch_with_a_stored_reading_keeps_what_its_transaction_wrote_before_it() {
    // The batch's COPY straight into the table fails on the stored reading and is undone to its
    // savepoint: the transaction's earlier writes must survive that.
    var freezer = DeviceFixtures.freezerOf(DeviceFixtures.anotherCustomer());
    readings.append(List.of(temperature(freezer.id(), 1, -18.0)));

    int[] stored = new int[2];
    postgres
        .transactor()
        .run(
            tx -> {
              stored[0] = readings.append(List.of(temperature(freezer.id(), 2, -17.5)));
              stored[1] =
                  readings.append(
                      List.of(
                          temperature(freezer.id(), 1, -10.0),
                          temperature(freezer.id(), 3, -17.0)));
            });

    assertThat(stored).containsExactly(1, 1);
    assertThat(rawOf(freezer))
        .containsExactly(
            temperature(freezer.id(), 1, -18.0),
            temperature(freezer.id(), 2, -17.5),
            temperature(freezer.id(), 3, -17.0));
  }

  private static List<Reading> rawOf(Device freezer) {
    return readings
        .raw(
            freezer.id(),
            Metric.TEMPERATURE_CELSIUS,
            new TimeRange(ReadingFixtures.minute(0), ReadingFixtures.minute(10)),
            PageRequest.first(10))
        .items();
  }

  @Test
  void a_batch_that_fails_leaves_nothing_behind_and_the_next_one_still_works() {
    var freezer = DeviceFixtures.freezerOf(DeviceFixtures.anotherCustomer());

    assertThatThrownBy(
            () ->
                postgres
                    .transactor()
                    .run(
                        tx -> {
                          readings.append(List.of(temperature(freezer.id(), 1, -18.0)));
                          throw new IllegalStateException("the caller's transaction fails");
                        }))
        .isInstanceOf(IllegalStateException.class);
    var stored = readings.append(List.of(temperature(freezer.id(), 1, -17.0)));

    assertThat(stored).isEqualTo(1);
    assertThat(
            readings
                .raw(
                    freezer.id(),
                    Metric.TEMPERATURE_CELSIUS,
                    new TimeRange(ReadingFixtures.minute(0), ReadingFixtures.minute(5)),
                    PageRequest.first(10))
                .items())
        .containsExactly(temperature(freezer.id(), 1, -17.0));
  }
}
