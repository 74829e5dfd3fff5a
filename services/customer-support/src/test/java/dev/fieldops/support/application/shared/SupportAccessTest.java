package dev.fieldops.support.application.shared;

import static dev.fieldops.support.domain.ticket.TicketFixtures.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.fieldops.kernel.PermissionDeniedException;
import dev.fieldops.kernel.Principal;
import dev.fieldops.support.application.Principals;
import dev.fieldops.support.domain.customer.CustomerScope;
import dev.fieldops.support.domain.shared.Actor;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SupportAccessTest {

  @Test
  void support_agents_may_do_everything_but_trigger_the_sla_scan() {
    var agent = Principals.supportAgent();

    assertThat(SupportAccess.scopeOf(agent)).isEqualTo(CustomerScope.unrestricted());
    assertThat(allowed(agent)).isEqualTo(EnumSet.complementOf(EnumSet.of(SupportAction.SCAN_SLA)));
  }

  @Test
  void admins_and_support_automation_may_do_everything() {
    assertThat(allowed(Principals.admin())).isEqualTo(EnumSet.allOf(SupportAction.class));
    assertThat(allowed(Principals.supportAutomation()))
        .isEqualTo(EnumSet.allOf(SupportAction.class));
  }

  @Test
  void a_customer_reads_opens_tickets_and_replies_publicly_on_its_own_data_only() {
    var customer = Principals.customer(ACME);

    assertThat(SupportAccess.scopeOf(customer)).isEqualTo(CustomerScope.confinedTo(ACME));
    assertThat(allowed(customer))
        .containsExactlyInAnyOrder(
            SupportAction.READ, SupportAction.OPEN_TICKET, SupportAction.ADD_PUBLIC_COMMENT);
  }

  @Test
  void everyone_else_is_denied_even_reading() {
    for (var stranger :
        new Principal[] {
          Principals.billingClerk(),
          Principals.telemetryOperator(),
          Principals.device(),
          Principals.invoicingService()
        }) {
      var denied =
          assertThatExceptionOfType(PermissionDeniedException.class)
              .isThrownBy(() -> SupportAccess.scopeOf(stranger))
              .actual();

      assertThat(denied.reason()).isEqualTo("ACTION_NOT_ALLOWED");
      assertThat(allowed(stranger)).isEmpty();
    }
  }

  @Test
  void a_customer_appears_as_its_customer_id_and_automation_as_the_system() {
    assertThat(SupportAccess.actorOf(Principals.customer(ACME)))
        .isEqualTo(Actor.customer(ACME.value()));
    assertThat(SupportAccess.actorOf(Principals.supportAgent()))
        .isEqualTo(Actor.staff("agent-ada"));
    assertThat(SupportAccess.actorOf(Principals.supportAutomation()))
        .isEqualTo(Actor.system("customer-support"));
  }

  private static EnumSet<SupportAction> allowed(Principal principal) {
    var allowed = EnumSet.noneOf(SupportAction.class);
    Arrays.stream(SupportAction.values())
        .filter(action -> SupportAccess.permits(principal, action))
        .forEach(allowed::add);
    return allowed;
  }
}
