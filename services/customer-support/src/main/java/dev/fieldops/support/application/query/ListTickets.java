package dev.fieldops.support.application.query;

import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.paging.PageRequest;
import java.util.Objects;

/** List tickets matching a filter, one page at a time. */
public record ListTickets(Principal principal, TicketFilter filter, PageRequest page) {

  public ListTickets {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(page, "page");
  }
}
