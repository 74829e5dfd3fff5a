package dev.fieldops.system.faults;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.IOException;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the system holds at the end of a fault case, counted at the source of truth of each step:
 * the rows each service's database stored (queried directly), the events in the streams (read
 * message by message), the effects in the consuming contexts (invoicing's monitored devices and
 * resolution charges; customer-support's alert tickets and settled invoices), and what is still on
 * its way (outbox rows not yet published, consumer messages not yet acknowledged, events parked).
 *
 * @param lost acknowledged commands with a row, an event or an effect missing; and alerts (any, not
 *     only the load's) without their ticket
 * @param duplicatedEvents events (by {@code ce-id}) in a stream more than once
 * @param duplicatedEffects effects recorded more than once (two charges for one resolution, two
 *     tickets for one alert, two payments of one invoice)
 * @param phantomEvents events of a ticket, a device, an alert or an invoice no database row exists
 *     for (or, for an issue, payment or settlement, no row in that state)
 * @param orderViolations events whose aggregate sequence does not follow its predecessor's
 * @param numberGaps invoice numbers missing between 1 and the highest of a year, or given twice
 * @param unpublished outbox rows not yet published, all services
 * @param unapplied messages not yet acknowledged by a durable consumer, all streams
 * @param parked events parked in a dead-letter table, all services
 * @param waiting where the unpublished and unapplied wait: each service's outbox, each durable
 */
record SystemLedger(
    long lost,
    long duplicatedEvents,
    long duplicatedEffects,
    long phantomEvents,
    long orderViolations,
    long numberGaps,
    long unpublished,
    long unapplied,
    long parked,
    List<String> waiting,
    String detail) {

  static final List<String> STREAMS = List.of("SUPPORT", "TELEMETRY", "INVOICING");

  /**
   * The services' durables on each stream (README: NATS permissions). Asked for by name: listing a
   * stream's consumers also waits for the ephemeral ones a killed process left on a killed node,
   * which nats-server 2.9 may answer only after the client's timeout.
   */
  static final Map<String, List<String>> DURABLES =
      Map.of(
          "SUPPORT", List.of("invoicing-support-charges"),
          "TELEMETRY",
              List.of(
                  "support-alert-tickets", "support-active-alerts", "invoicing-device-monitoring"),
          "INVOICING", List.of("support-account-standing"));

  /** How long one JetStream request of the count may take (the client's default is 2 s). */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  boolean settled() {
    return lost == 0
        && duplicatedEvents == 0
        && duplicatedEffects == 0
        && phantomEvents == 0
        && orderViolations == 0
        && numberGaps == 0
        && unpublished == 0
        && unapplied == 0
        && parked == 0;
  }

  static SystemLedger count(SystemCluster cluster, MixedLoad load) throws Exception {
    Set<String> tickets = new HashSet<>(load.tickets().values());
    Set<String> resolved = load.resolved();
    Set<String> devices = new HashSet<>(load.devices().values());
    devices.addAll(load.alertDevices().values());
    Set<String> breached = load.breached();
    Set<String> invoices = new HashSet<>(load.invoices().values());
    Set<String> issued = load.issued().keySet();
    Set<String> paid = load.paid();

    Set<String> allTickets = new HashSet<>();
    Set<String> resolvedRows = new HashSet<>();
    Set<String> allDevices = new HashSet<>();
    Set<String> monitored = new HashSet<>();
    Map<String, Integer> chargesPerTicket = new HashMap<>();
    Map<String, String> alertRows = new HashMap<>();
    Map<String, Integer> ticketsPerAlert = new HashMap<>();
    Set<String> settledStanding = new HashSet<>();
    Map<String, String> invoiceStatus = new HashMap<>();
    Map<String, Integer> paymentsPerInvoice = new HashMap<>();
    long numberGaps = 0;
    long unpublished = 0;
    long parked = 0;
    // Where what is still on its way waits (service outboxes, durables): a slow recovery's trace.
    List<String> waiting = new ArrayList<>();
    for (String service : SystemCluster.SERVICES) {
      try (var db = cluster.database(service);
          var statement = db.createStatement()) {
        long serviceUnpublished =
            single(
                statement.executeQuery(
                    "select count(*) from outbox_event" + " where published_time is null"));
        if (serviceUnpublished > 0) {
          waiting.add(service + " outbox " + serviceUnpublished);
        }
        unpublished += serviceUnpublished;
        parked +=
            single(
                statement.executeQuery(
                    "select count(*) from dead_letter" + " where retried_time is null"));
        switch (service) {
          case "customer-support" -> {
            ResultSet rows =
                statement.executeQuery("select ticket_id::text, status, alert_id from ticket");
            while (rows.next()) {
              allTickets.add(rows.getString(1));
              if (rows.getString(2).equals("RESOLVED")) {
                resolvedRows.add(rows.getString(1));
              }
              if (rows.getString(3) != null) {
                ticketsPerAlert.merge(rows.getString(3), 1, Integer::sum);
              }
            }
            rows =
                statement.executeQuery(
                    "select invoice_id from invoice_standing where state = 'SETTLED'");
            while (rows.next()) {
              settledStanding.add(rows.getString(1));
            }
          }
          case "telemetry" -> {
            ResultSet rows = statement.executeQuery("select device_id::text from device");
            while (rows.next()) {
              allDevices.add(rows.getString(1));
            }
            rows = statement.executeQuery("select alert_id::text, device_id::text from alert");
            while (rows.next()) {
              alertRows.put(rows.getString(1), rows.getString(2));
            }
          }
          default -> {
            ResultSet rows = statement.executeQuery("select device_id::text from monitored_device");
            while (rows.next()) {
              monitored.add(rows.getString(1));
            }
            rows =
                statement.executeQuery(
                    "select source_reference from unbilled_charge"
                        + " where source_reference like 'support.ticket/%'");
            while (rows.next()) {
              chargesPerTicket.merge(rows.getString(1).split("/")[1], 1, Integer::sum);
            }
            rows = statement.executeQuery("select invoice_id::text, status from invoice");
            while (rows.next()) {
              invoiceStatus.put(rows.getString(1), rows.getString(2));
            }
            rows =
                statement.executeQuery(
                    "select invoice_id::text, count(*) from payment group by invoice_id");
            while (rows.next()) {
              paymentsPerInvoice.put(rows.getString(1), rows.getInt(2));
            }
            // Gapless per year: n numbers given are exactly 1..n, each once.
            numberGaps +=
                single(
                    statement.executeQuery(
                        "select coalesce(sum(highest - distinct_numbers"
                            + " + given - distinct_numbers), 0) from (select max(number_sequence)"
                            + " highest, count(distinct number_sequence) distinct_numbers,"
                            + " count(*) given from invoice where number_sequence is not null"
                            + " group by number_year) years"));
          }
        }
      }
    }

    Map<String, Integer> eventCopies = new HashMap<>();
    Set<String> opened = new HashSet<>();
    Set<String> resolvedEvents = new HashSet<>();
    Set<String> registered = new HashSet<>();
    Set<String> raised = new HashSet<>();
    Set<String> issuedEvents = new HashSet<>();
    Set<String> paymentEvents = new HashSet<>();
    Set<String> paidEvents = new HashSet<>();
    Map<String, Long> lastSequence = new HashMap<>();
    long orderViolations = 0;
    long phantom = 0;
    long unapplied = 0;
    Options options =
        Options.builder()
            .servers(cluster.natsUrl().split(","))
            .connectionTimeout(Duration.ofSeconds(5))
            .build();
    try (Connection nats = Nats.connect(options)) {
      JetStreamOptions patient = JetStreamOptions.builder().requestTimeout(REQUEST_TIMEOUT).build();
      JetStreamManagement management = nats.jetStreamManagement(patient);
      for (String stream : STREAMS) {
        for (String durable : DURABLES.get(stream)) {
          ConsumerInfo consumer = consumerInfo(management, stream, durable);
          long pending = consumer.getNumPending() + consumer.getNumAckPending();
          if (pending > 0) {
            waiting.add(
                durable
                    + " pending "
                    + consumer.getNumPending()
                    + "+"
                    + consumer.getNumAckPending());
          }
          unapplied += pending;
        }
        for (Message message : read(nats, patient, management, stream)) {
          var headers = message.getHeaders();
          String id = headers.getFirst("ce-id");
          if (eventCopies.merge(id, 1, Integer::sum) > 1) {
            continue;
          }
          String aggregate = headers.getFirst("ce-subject");
          String type = headers.getFirst("fieldops-aggregate-type");
          String sequence = headers.getFirst("fieldops-aggregate-sequence");
          if (type != null && sequence != null) {
            long number = Long.parseLong(sequence);
            Long previous = lastSequence.put(type + "/" + aggregate, number);
            if (number != (previous == null ? 1 : previous + 1)) {
              orderViolations++;
            }
          }
          switch (message.getSubject()) {
            case "support.ticket.opened" -> {
              opened.add(aggregate);
              phantom += allTickets.contains(aggregate) ? 0 : 1;
            }
            case "support.ticket.resolved" -> {
              resolvedEvents.add(aggregate);
              phantom += resolvedRows.contains(aggregate) ? 0 : 1;
            }
            case "telemetry.device.registered" -> {
              registered.add(aggregate);
              phantom += allDevices.contains(aggregate) ? 0 : 1;
            }
            case "telemetry.alert.raised" -> {
              raised.add(aggregate);
              phantom += alertRows.containsKey(aggregate) ? 0 : 1;
            }
            case "invoicing.invoice.issued" -> {
              issuedEvents.add(aggregate);
              phantom += isOneOf(invoiceStatus.get(aggregate), "ISSUED", "PAID", "VOID") ? 0 : 1;
            }
            case "invoicing.invoice.payment_recorded" -> {
              paymentEvents.add(aggregate);
              phantom += paymentsPerInvoice.containsKey(aggregate) ? 0 : 1;
            }
            case "invoicing.invoice.paid" -> {
              paidEvents.add(aggregate);
              phantom += "PAID".equals(invoiceStatus.get(aggregate)) ? 0 : 1;
            }
            default -> {}
          }
        }
      }
    }
    long duplicatedEvents = eventCopies.values().stream().filter(n -> n > 1).count();
    long duplicatedEffects =
        extra(chargesPerTicket) + extra(ticketsPerAlert) + extra(paymentsPerInvoice);

    List<String> missing = new ArrayList<>();
    long lost = 0;
    for (String ticket : tickets) {
      if (!allTickets.contains(ticket) || !opened.contains(ticket)) {
        lost++;
        missing.add("ticket " + ticket);
      }
    }
    for (String ticket : resolved) {
      if (!resolvedRows.contains(ticket)
          || !resolvedEvents.contains(ticket)
          || !chargesPerTicket.containsKey(ticket)) {
        lost++;
        missing.add("resolution " + ticket);
      }
    }
    for (String device : devices) {
      if (!allDevices.contains(device)
          || !registered.contains(device)
          || !monitored.contains(device)) {
        lost++;
        missing.add("device " + device);
      }
    }
    Map<String, List<String>> alertsPerDevice = new HashMap<>();
    alertRows.forEach(
        (alert, device) ->
            alertsPerDevice.computeIfAbsent(device, d -> new ArrayList<>()).add(alert));
    for (String device : breached) {
      List<String> alerts = alertsPerDevice.getOrDefault(device, List.of());
      if (alerts.isEmpty() || !alerts.stream().allMatch(raised::contains)) {
        lost++;
        missing.add("alert of device " + device);
      }
    }
    // Every alert, the load's or an earlier case's, has its ticket in customer-support.
    long alertTickets = 0;
    for (String alert : alertRows.keySet()) {
      if (ticketsPerAlert.containsKey(alert)) {
        alertTickets++;
      } else {
        lost++;
        missing.add("ticket of alert " + alert);
      }
    }
    for (String invoice : invoices) {
      if (!invoiceStatus.containsKey(invoice)) {
        lost++;
        missing.add("invoice " + invoice);
      }
    }
    for (String invoice : issued) {
      if (!isOneOf(invoiceStatus.get(invoice), "ISSUED", "PAID")
          || !issuedEvents.contains(invoice)) {
        lost++;
        missing.add("issue of invoice " + invoice);
      }
    }
    for (String invoice : paid) {
      if (!"PAID".equals(invoiceStatus.get(invoice))
          || !paymentsPerInvoice.containsKey(invoice)
          || !paymentEvents.contains(invoice)
          || !paidEvents.contains(invoice)
          || !settledStanding.contains(invoice)) {
        lost++;
        missing.add("payment of invoice " + invoice);
      }
    }
    String detail =
        String.format(
            "tickets: acknowledged=%d stored=%d opened-events=%d; resolutions: acknowledged=%d"
                + " stored=%d events=%d charges=%d; devices: acknowledged=%d stored=%d events=%d"
                + " monitored=%d; breaching readings: acknowledged=%d alerts=%d raised-events=%d"
                + " alerts-with-ticket=%d; invoices: acknowledged=%d stored=%d issued=%d"
                + " issued-events=%d paid=%d payments=%d paid-events=%d settled-in-support=%d;"
                + " missing (first 5): %s",
            tickets.size(),
            allTickets.size(),
            opened.size(),
            resolved.size(),
            resolvedRows.size(),
            resolvedEvents.size(),
            chargesPerTicket.size(),
            devices.size(),
            allDevices.size(),
            registered.size(),
            monitored.size(),
            breached.size(),
            alertRows.size(),
            raised.size(),
            alertTickets,
            invoices.size(),
            invoiceStatus.size(),
            issued.size(),
            issuedEvents.size(),
            paid.size(),
            paymentsPerInvoice.size(),
            paidEvents.size(),
            settledStanding.size(),
            missing.subList(0, Math.min(5, missing.size())));
    return new SystemLedger(
        lost,
        duplicatedEvents,
        duplicatedEffects,
        phantom,
        orderViolations,
        numberGaps,
        unpublished,
        unapplied,
        parked,
        List.copyOf(waiting),
        detail);
  }

  /** Copies beyond the first, over all keys. */
  private static long extra(Map<String, Integer> copies) {
    return copies.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
  }

  private static boolean isOneOf(String value, String... expected) {
    return value != null && List.of(expected).contains(value);
  }

  private static long single(ResultSet rows) throws Exception {
    rows.next();
    return rows.getLong(1);
  }

  /** A durable's state; a failure names the stream and the durable it was asked for. */
  private static ConsumerInfo consumerInfo(
      JetStreamManagement management, String stream, String durable) throws Exception {
    try {
      return management.getConsumerInfo(stream, durable);
    } catch (IOException | JetStreamApiException e) {
      throw new IOException("consumer info of " + stream + "/" + durable + ": " + e, e);
    }
  }

  /** Every message of {@code stream} in stream order, headers only. */
  private static List<Message> read(
      Connection nats, JetStreamOptions options, JetStreamManagement management, String stream)
      throws Exception {
    long expected = management.getStreamInfo(stream).getStreamState().getMsgCount();
    List<Message> messages = new ArrayList<>();
    if (expected == 0) {
      return messages;
    }
    IterableConsumer iterator =
        nats.getStreamContext(stream, options)
            .createOrderedConsumer(new OrderedConsumerConfiguration().headersOnly(true))
            .iterate(ConsumeOptions.builder().batchSize(1000).build());
    try {
      while (messages.size() < expected) {
        Message message = iterator.nextMessage(Duration.ofSeconds(10));
        if (message == null) {
          throw new IllegalStateException(
              stream + " holds " + expected + " messages, read " + messages.size());
        }
        messages.add(message);
      }
    } finally {
      iterator.stop();
    }
    return messages;
  }
}
