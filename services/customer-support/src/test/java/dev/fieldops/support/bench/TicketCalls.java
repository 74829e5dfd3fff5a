package dev.fieldops.support.bench;

import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc.CustomerSupportServiceBlockingStub;
import dev.fieldops.support.v1.GetTicketRequest;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketChannel;
import dev.fieldops.support.v1.TicketPriority;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CreateTicket and GetTicket calls the support benchmarks measure: one ticket in four created
 * is remembered (up to 20,000) for GetTicket to read back at random.
 */
final class TicketCalls {

  private final CustomerSupportServiceBlockingStub stub;
  private final List<String> ticketIds = new CopyOnWriteArrayList<>();
  private final AtomicLong created = new AtomicLong();

  TicketCalls(CustomerSupportServiceBlockingStub stub) {
    this.stub = stub;
  }

  void createTicket() {
    var ticket =
        stub.createTicket(
                CreateTicketRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setTicket(
                        Ticket.newBuilder()
                            .setCustomerId("bench-" + ThreadLocalRandom.current().nextInt(1000))
                            .setSubject("Freezer 3 reads -5 °C")
                            .setDescription("Since this morning freezer 3 in hall B is too warm.")
                            .setPriority(TicketPriority.TICKET_PRIORITY_HIGH)
                            .setChannel(TicketChannel.TICKET_CHANNEL_PHONE)
                            .addTags("freezer"))
                    .build())
            .getTicket();
    if (created.incrementAndGet() % 4 == 0 && ticketIds.size() < 20_000) {
      ticketIds.add(ticket.getTicketId());
    }
  }

  void getTicket() {
    stub.getTicket(getTicketRequest());
  }

  /** A request for one of the remembered tickets, chosen at random. */
  GetTicketRequest getTicketRequest() {
    return GetTicketRequest.newBuilder()
        .setTicketId(ticketIds.get(ThreadLocalRandom.current().nextInt(ticketIds.size())))
        .build();
  }

  /** The first ticket remembered. */
  String firstTicketId() {
    return ticketIds.getFirst();
  }
}
