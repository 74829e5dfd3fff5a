package dev.fieldops.telemetry.adapter.postgres;

import static dev.fieldops.telemetry.adapter.postgres.jooq.Tables.READING;
import static dev.fieldops.telemetry.fixture.ReadingFixtures.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.telemetry.domain.reading.Reading;
import dev.fieldops.telemetry.fixture.DeviceFixtures;
import dev.fieldops.telemetry.fixture.Stamps;
import dev.fieldops.test.time.TestClock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReadingPartitionsIT {

  private static PostgresFixture postgres;

  @BeforeAll
  static void startDatabase() {
    postgres = PostgresFixture.start();
  }

  @AfterAll
  static void dropDatabase() {
    postgres.close();
  }

  private static String partitionOf(Reading reading) {
    return postgres
        .dsl()
        .select(DSL.field("tableoid::regclass::text", String.class))
        .from(READING)
        .where(READING.DEVICE_ID.eq(reading.deviceId().value()))
        .and(READING.OBSERVE_TIME.eq(Db.odt(reading.observeTime())))
        .fetchOne(0, String.class);
  }

  @Test
  void days_get_partitions_ahead_readings_that_came_early_move_in_and_expired_days_are_dropped() {
    var clock = TestClock.at(Stamps.T0);
    var partitions =
        new ReadingPartitions(
            postgres.transactor(), clock, Duration.ofDays(30), Duration.ofDays(7), 2);
    var store = new JooqReadingStore(postgres.transactor(), postgres.dsl());
    var freezer = DeviceFixtures.freezerOf(DeviceFixtures.anotherCustomer());
    var early = temperature(freezer.id(), 1, -18.0);
    store.append(List.of(early));
    var caughtByDefault = partitionOf(early);

    var first = partitions.maintain();
    var movedTo = partitionOf(early);
    var second = partitions.maintain();
    clock.set(Stamps.T0.plus(Duration.ofDays(40)));
    var later = partitions.maintain();

    var today = LocalDate.of(2026, 11, 2);
    assertThat(caughtByDefault).isEqualTo("reading_default");
    assertThat(first.created())
        .hasSize(11)
        .first()
        .isEqualTo(ReadingPartitions.name(today.minusDays(8)));
    assertThat(first.created()).last().isEqualTo(ReadingPartitions.name(today.plusDays(2)));
    assertThat(movedTo).isEqualTo(ReadingPartitions.name(today));
    assertThat(second.created()).isEmpty();
    assertThat(later.dropped()).containsAll(first.created());
    assertThat(partitions.existing()).allMatch(day -> day.isAfter(today.plusDays(9)));
    assertThat(postgres.dsl().fetchCount(postgres.dsl().selectFrom("reading"))).isZero();
  }
}
