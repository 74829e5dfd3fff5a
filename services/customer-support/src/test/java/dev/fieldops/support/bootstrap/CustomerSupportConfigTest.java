package dev.fieldops.support.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldops.support.adapter.postgres.TicketCache;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.sla.SlaPolicy;
import dev.fieldops.support.domain.ticket.SlaTargets;
import dev.fieldops.support.domain.ticket.TicketPriority;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerSupportConfigTest {

  @Test
  void without_variables_the_documented_defaults_apply() {
    var config = CustomerSupportConfig.fromEnvironment(Map.of());

    assertThat(config.slaPolicy()).isEqualTo(SlaPolicy.defaults());
    assertThat(config.slaScanInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.slaScanBatch()).isEqualTo(200);
    assertThat(config.ticketCacheSize()).isEqualTo(50_000);
    assertThat(config.ticketCacheServes()).isEqualTo(TicketCache.Serves.ALL);
  }

  @Test
  void replicas_can_have_the_ticket_cache_serve_listings_only() {
    assertThat(
            CustomerSupportConfig.fromEnvironment(Map.of("SUPPORT_TICKET_CACHE_SERVES", "listings"))
                .ticketCacheServes())
        .isEqualTo(TicketCache.Serves.LISTINGS);
    assertThat(
            CustomerSupportConfig.fromEnvironment(Map.of("SUPPORT_TICKET_CACHE_SERVES", "all"))
                .ticketCacheServes())
        .isEqualTo(TicketCache.Serves.ALL);
    assertThatThrownBy(
            () ->
                CustomerSupportConfig.fromEnvironment(
                    Map.of("SUPPORT_TICKET_CACHE_SERVES", "gets")))
        .hasMessageStartingWith("SUPPORT_TICKET_CACHE_SERVES")
        .hasMessageContaining("listings");
  }

  @Test
  void a_variable_replaces_one_cell_of_the_sla_table() {
    var config =
        CustomerSupportConfig.fromEnvironment(
            Map.of("SUPPORT_SLA_PREMIUM_URGENT", "10m/2h", "SUPPORT_SLA_SCAN_INTERVAL", "5s"));

    assertThat(config.slaPolicy().targetsFor(SupportTier.PREMIUM, TicketPriority.URGENT))
        .isEqualTo(new SlaTargets(Duration.ofMinutes(10), Duration.ofHours(2)));
    assertThat(config.slaPolicy().targetsFor(SupportTier.BASIC, TicketPriority.URGENT))
        .isEqualTo(SlaPolicy.defaults().targetsFor(SupportTier.BASIC, TicketPriority.URGENT));
    assertThat(config.slaScanInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void a_misspelt_or_malformed_variable_fails_naming_it() {
    assertThatThrownBy(
            () -> CustomerSupportConfig.fromEnvironment(Map.of("SUPPORT_SLA_GOLD_URGENT", "1h/2h")))
        .hasMessageStartingWith("SUPPORT_SLA_GOLD_URGENT");
    assertThatThrownBy(
            () -> CustomerSupportConfig.fromEnvironment(Map.of("SUPPORT_SLA_BASIC_LOW", "1h")))
        .hasMessageStartingWith("SUPPORT_SLA_BASIC_LOW");
    assertThatThrownBy(
            () -> CustomerSupportConfig.fromEnvironment(Map.of("SUPPORT_SLA_BASIC_LOW", "2h/1h")))
        .hasMessageStartingWith("SUPPORT_SLA_BASIC_LOW");
    assertThatThrownBy(
            () ->
                CustomerSupportConfig.fromEnvironment(Map.of("SUPPORT_SLA_SCAN_INTERVAL", "soon")))
        .hasMessageStartingWith("SUPPORT_SLA_SCAN_INTERVAL");
  }
}
