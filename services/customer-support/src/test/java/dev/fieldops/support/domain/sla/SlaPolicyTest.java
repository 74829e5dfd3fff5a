package dev.fieldops.support.domain.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.ticket.SlaTargets;
import dev.fieldops.support.domain.ticket.TicketPriority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlaPolicyTest {

  @ParameterizedTest(name = "{0} × {1}: first response {2}, resolution {3}")
  @CsvSource({
    "PREMIUM,  URGENT, PT15M, PT4H",
    "PREMIUM,  HIGH,   PT30M, PT8H",
    "PREMIUM,  NORMAL, PT1H,  PT24H",
    "PREMIUM,  LOW,    PT4H,  PT72H",
    "STANDARD, URGENT, PT30M, PT8H",
    "STANDARD, HIGH,   PT1H,  PT24H",
    "STANDARD, NORMAL, PT4H,  PT72H",
    "STANDARD, LOW,    PT8H,  PT120H",
    "BASIC,    URGENT, PT1H,  PT24H",
    "BASIC,    HIGH,   PT4H,  PT72H",
    "BASIC,    NORMAL, PT8H,  PT120H",
    "BASIC,    LOW,    PT24H, PT240H",
  })
  void the_default_table_promises(
      SupportTier tier, TicketPriority priority, Duration firstResponse, Duration resolution) {
    assertThat(SlaPolicy.defaults().targetsFor(tier, priority))
        .isEqualTo(new SlaTargets(firstResponse, resolution));
  }

  @Test
  void a_table_without_every_tier_and_priority_is_refused() {
    var table =
        new EnumMap<SupportTier, Map<TicketPriority, SlaTargets>>(SlaPolicy.defaults().table());
    var premium = new EnumMap<>(table.get(SupportTier.PREMIUM));
    premium.remove(TicketPriority.LOW);
    table.put(SupportTier.PREMIUM, premium);

    assertThatThrownBy(() -> new SlaPolicy(table))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PREMIUM × LOW");
  }

  @Test
  void configuration_can_override_one_promise() {
    var faster = new SlaTargets(Duration.ofMinutes(5), Duration.ofHours(2));

    var policy = SlaPolicy.defaults().with(SupportTier.PREMIUM, TicketPriority.URGENT, faster);

    assertThat(policy.targetsFor(SupportTier.PREMIUM, TicketPriority.URGENT)).isEqualTo(faster);
    assertThat(policy.targetsFor(SupportTier.BASIC, TicketPriority.LOW))
        .isEqualTo(SlaPolicy.defaults().targetsFor(SupportTier.BASIC, TicketPriority.LOW));
    assertThat(SlaPolicy.defaults().targetsFor(SupportTier.PREMIUM, TicketPriority.URGENT))
        .isNotEqualTo(faster);
  }

  @Test
  void a_resolution_target_is_never_shorter_than_the_first_response_target() {
    assertThatThrownBy(() -> new SlaTargets(Duration.ofHours(2), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SlaTargets(Duration.ZERO, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
