package dev.fieldops.support.adapter.postgres;

/**
 * The contract against PostgreSQL with the ticket cache in front of single-ticket reads: what a
 * cached read answers must be what the database would.
 */
class CachedJooqTicketRepositoryIT extends JooqTicketRepositoryIT {

  @Override
  int ticketCacheSize() {
    return 1_000;
  }
}
