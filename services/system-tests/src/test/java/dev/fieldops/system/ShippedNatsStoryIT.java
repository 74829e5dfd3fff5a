package dev.fieldops.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole story on NATS with least privilege: the shipped {@code deploy/nats} configuration, each
 * service with only its own identity's rights and verifying (not creating) its stream. Publishing,
 * consuming with the services' durables and the outbox's checks all stay within the permissions.
 */
class ShippedNatsStoryIT {

  private static RunningSystem system;

  @BeforeAll
  static void startTheSystem() throws Exception {
    system = RunningSystem.startOnShippedNats();
  }

  @AfterAll
  static void stopTheSystem() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void the_story_runs_with_each_service_holding_only_its_own_nats_rights() throws Exception {
    var run = system.demo();

    assertThat(run.exit()).as("demo output:%n%s%nerrors:%n%s", run.output(), run.errors()).isZero();
    assertThat(run.output())
        .contains(
            "alert raised",
            "ticket opened",
            "charge recorded",
            "invoice issued",
            "payment recorded",
            "account standing: ACCOUNT_STANDING_GOOD_STANDING");
    for (String service : java.util.List.of("support", "invoicing")) {
      assertThat(system.query(service, "select count(*) from dead_letter"))
          .as("parked in %s", service)
          .isZero();
    }
    assertThat(system.securedNats().log()).doesNotContain("Violation");
  }
}
