package dev.fieldops.support.adapter.postgres;

import dev.fieldops.support.adapter.nats.SupportEventMapper;
import dev.fieldops.support.application.query.CustomerSupportQueries;
import dev.fieldops.support.domain.customer.CustomerId;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsRepository;
import dev.fieldops.support.domain.customer.CustomerSupportDetailsRepositoryContract;
import dev.fieldops.support.domain.shared.RecordedEvent;
import dev.fieldops.support.domain.ticket.TicketNumberSequence;
import dev.fieldops.support.domain.ticket.TicketRepository;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class JooqCustomerSupportDetailsRepositoryIT extends CustomerSupportDetailsRepositoryContract {

  private static SupportStore store;

  @BeforeAll
  static void startDatabase() {
    store = SupportStore.start();
  }

  @AfterAll
  static void dropDatabase() {
    store.close();
  }

  @Override
  protected CustomerSupportDetailsRepository customerDetails() {
    return store.customers;
  }

  @Override
  protected CustomerSupportQueries customerQueries() {
    return store.customerQueries;
  }

  @Override
  protected TicketRepository tickets() {
    return store.tickets;
  }

  @Override
  protected TicketNumberSequence ticketNumbers() {
    return store.ticketNumbers;
  }

  @Override
  protected List<RecordedEvent> outboxOf(CustomerId customer) {
    return store.outboxOf(SupportEventMapper.CUSTOMER_SUPPORT_DETAILS, customer.value());
  }
}
