package dev.fieldops.telemetry.adapter.postgres;

import dev.fieldops.telemetry.contract.AlertRuleRepositoryContract;
import dev.fieldops.telemetry.domain.device.Device;
import dev.fieldops.telemetry.domain.rule.AlertRuleRepository;
import dev.fieldops.telemetry.domain.rule.RuleBook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JooqAlertRuleRepositoryIT extends AlertRuleRepositoryContract {

  private static PostgresFixture postgres;
  private static AlertRuleRepository rules;
  private static RuleBook ruleBook;

  @BeforeAll
  static void startDatabase() {
    postgres = PostgresFixture.start();
    rules = postgres.rules();
    // The book caches per customer; each test stores rules for customers of its own first.
    ruleBook = new JooqRuleBook(postgres.transactor(), postgres.dsl());
  }

  @AfterAll
  static void dropDatabase() {
    postgres.close();
  }

  @Override
  protected AlertRuleRepository repository() {
    return rules;
  }

  @Override
  protected RuleBook ruleBook() {
    return ruleBook;
  }

  @Override
  protected void givenDevice(Device device) {
    postgres.givenDevice(device);
  }
}
