package dev.fieldops.support.adapter.proto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldops.support.application.query.AccountStanding;
import dev.fieldops.support.domain.customer.SupportTier;
import dev.fieldops.support.domain.shared.ActorKind;
import dev.fieldops.support.domain.ticket.CommentVisibility;
import dev.fieldops.support.domain.ticket.SlaTarget;
import dev.fieldops.support.domain.ticket.TicketChannel;
import dev.fieldops.support.domain.ticket.TicketPriority;
import dev.fieldops.support.domain.ticket.TicketStatus;
import org.junit.jupiter.api.Test;

class SupportProtosTest {

  @Test
  void every_domain_value_has_a_contract_value_and_comes_back_from_it() {
    for (var priority : TicketPriority.values()) {
      assertThat(SupportProtos.priority(SupportProtos.priority(priority))).contains(priority);
      assertThat(SupportProtos.priority(priority).name()).endsWith("_" + priority.name());
    }
    for (var status : TicketStatus.values()) {
      assertThat(SupportProtos.status(SupportProtos.status(status))).contains(status);
      assertThat(SupportProtos.status(status).name()).endsWith("_" + status.name());
    }
    for (var channel : TicketChannel.values()) {
      assertThat(SupportProtos.channel(SupportProtos.channel(channel))).contains(channel);
      assertThat(SupportProtos.channel(channel).name()).endsWith("_" + channel.name());
    }
    for (var tier : SupportTier.values()) {
      assertThat(SupportProtos.tier(SupportProtos.tier(tier))).contains(tier);
      assertThat(SupportProtos.tier(tier).name()).endsWith("_" + tier.name());
    }
    for (var visibility : CommentVisibility.values()) {
      assertThat(SupportProtos.visibility(SupportProtos.visibility(visibility)))
          .contains(visibility);
      assertThat(SupportProtos.visibility(visibility).name()).endsWith("_" + visibility.name());
    }
    for (var kind : ActorKind.values()) {
      assertThat(SupportProtos.authorKind(kind).name()).endsWith("_" + kind.name());
    }
    for (var target : SlaTarget.values()) {
      assertThat(SupportProtos.slaTarget(target).name()).endsWith("_" + target.name());
    }
    for (var standing : AccountStanding.values()) {
      assertThat(SupportProtos.standing(standing).getNumber()).isPositive();
    }
  }

  @Test
  void unspecified_and_unknown_contract_values_mean_nothing() {
    assertThat(
            SupportProtos.priority(
                dev.fieldops.support.v1.TicketPriority.TICKET_PRIORITY_UNSPECIFIED))
        .isEmpty();
    assertThat(SupportProtos.status(dev.fieldops.support.v1.TicketStatus.UNRECOGNIZED)).isEmpty();
    assertThat(SupportProtos.tier(dev.fieldops.support.v1.SupportTier.SUPPORT_TIER_UNSPECIFIED))
        .isEmpty();
  }
}
