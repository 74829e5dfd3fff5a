package dev.fieldops.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.type.Money;
import dev.fieldops.grpc.testing.v1.EchoRequest;
import dev.fieldops.grpc.testing.v1.Stamp;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WellFormedValuesTest {

  private static final Timestamp YEAR_10000 =
      Timestamp.newBuilder().setSeconds(WellFormedValues.MAX_TIMESTAMP_SECONDS + 1).build();

  @Test
  void a_request_of_well_formed_values_has_no_violations() {
    EchoRequest request =
        EchoRequest.newBuilder()
            .setText("t")
            .setWhen(
                Timestamp.newBuilder()
                    .setSeconds(WellFormedValues.MAX_TIMESTAMP_SECONDS)
                    .setNanos(999_999_999))
            .setWait(Duration.newBuilder().setSeconds(-5).setNanos(-1))
            .setPrice(Money.newBuilder().setCurrencyCode("EUR").setUnits(-3).setNanos(-500_000_000))
            .addStamps(
                Stamp.newBuilder()
                    .setAt(
                        Timestamp.newBuilder().setSeconds(WellFormedValues.MIN_TIMESTAMP_SECONDS)))
            .build();

    assertThat(WellFormedValues.violations(request)).isEmpty();
  }

  @Test
  void a_timestamp_after_year_9999_is_named_by_its_path() {
    assertThat(WellFormedValues.violations(EchoRequest.newBuilder().setWhen(YEAR_10000).build()))
        .extracting(FieldViolation::field)
        .containsExactly("when");
  }

  @Test
  void a_timestamp_before_year_1_is_refused() {
    Timestamp tooEarly =
        Timestamp.newBuilder().setSeconds(WellFormedValues.MIN_TIMESTAMP_SECONDS - 1).build();

    assertThat(WellFormedValues.violations(EchoRequest.newBuilder().setWhen(tooEarly).build()))
        .singleElement()
        .satisfies(v -> assertThat(v.description()).contains("0001-01-01T00:00:00Z"));
  }

  @Test
  void nanos_of_a_second_or_more_are_named_as_nanos_not_as_a_negative_amount() {
    EchoRequest request =
        EchoRequest.newBuilder()
            .setWhen(Timestamp.newBuilder().setSeconds(1).setNanos(1_000_000_000))
            .setWait(Duration.newBuilder().setNanos(-1_000_000_000))
            .setPrice(Money.newBuilder().setCurrencyCode("EUR").setNanos(1_000_000_000))
            .build();

    assertThat(WellFormedValues.violations(request))
        .extracting(FieldViolation::field, FieldViolation::description)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("when.nanos", "must be between 0 and 999999999"),
            org.assertj.core.groups.Tuple.tuple(
                "wait.nanos", "must be between -999999999 and 999999999"),
            org.assertj.core.groups.Tuple.tuple(
                "price.nanos", "must be between -999999999 and 999999999"));
  }

  @Test
  void a_timestamp_with_negative_nanos_is_refused() {
    assertThat(
            WellFormedValues.violations(
                EchoRequest.newBuilder()
                    .setWhen(Timestamp.newBuilder().setSeconds(10).setNanos(-1))
                    .build()))
        .extracting(FieldViolation::field)
        .containsExactly("when.nanos");
  }

  @Test
  void mixed_signs_of_a_duration_or_an_amount_are_refused() {
    EchoRequest request =
        EchoRequest.newBuilder()
            .setWait(Duration.newBuilder().setSeconds(1).setNanos(-1))
            .setPrice(Money.newBuilder().setCurrencyCode("EUR").setUnits(-1).setNanos(5))
            .build();

    assertThat(WellFormedValues.violations(request))
        .extracting(FieldViolation::field)
        .containsExactly("wait", "price");
  }

  @Test
  void a_duration_beyond_ten_thousand_years_is_refused() {
    assertThat(
            WellFormedValues.violations(
                EchoRequest.newBuilder()
                    .setWait(Duration.newBuilder().setSeconds(Long.MAX_VALUE))
                    .build()))
        .extracting(FieldViolation::field)
        .containsExactly("wait");
  }

  @Test
  void values_in_lists_and_maps_are_named_with_their_index_or_key() {
    EchoRequest request =
        EchoRequest.newBuilder()
            .addStamps(
                Stamp.newBuilder()
                    .setAt(
                        Timestamp.newBuilder()
                            .setSeconds(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond())))
            .addStamps(Stamp.newBuilder().setAt(YEAR_10000))
            .putStampByName("door \"b\"", Stamp.newBuilder().setAt(YEAR_10000).build())
            .build();

    assertThat(WellFormedValues.violations(request))
        .extracting(FieldViolation::field)
        .containsExactly("stamps[1].at", "stamp_by_name[\"door \\\"b\\\"\"].at");
  }

  @Test
  void items_the_contract_leaves_to_the_service_are_not_checked() {
    EchoRequest request =
        EchoRequest.newBuilder().addUnchecked(Stamp.newBuilder().setAt(YEAR_10000)).build();

    assertThat(WellFormedValues.violations(request)).isEmpty();
  }

  @Test
  void no_string_may_contain_nul_at_any_depth() {
    EchoRequest request =
        EchoRequest.newBuilder()
            .setText("a\u0000b")
            .setOwner(dev.fieldops.grpc.testing.v1.Owner.newBuilder().setCustomerId("\u0000"))
            .putStampByName("k\u0000", Stamp.getDefaultInstance())
            .build();

    assertThat(WellFormedValues.violations(request))
        .extracting(FieldViolation::field)
        .containsExactly("text", "owner.customer_id", "stamp_by_name[\"k\u0000\"]");
  }
}
