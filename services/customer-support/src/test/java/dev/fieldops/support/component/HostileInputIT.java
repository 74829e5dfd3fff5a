package dev.fieldops.support.component;

import static dev.fieldops.support.component.RunningSupport.uniqueCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import dev.fieldops.support.v1.AddTicketCommentRequest;
import dev.fieldops.support.v1.AssignTicketRequest;
import dev.fieldops.support.v1.CloseTicketRequest;
import dev.fieldops.support.v1.CommentVisibility;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CustomerSupportDetails;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.support.v1.GetCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.GetTicketRequest;
import dev.fieldops.support.v1.ListTicketCommentsRequest;
import dev.fieldops.support.v1.ListTicketsRequest;
import dev.fieldops.support.v1.MarkTicketPendingRequest;
import dev.fieldops.support.v1.ReopenTicketRequest;
import dev.fieldops.support.v1.ResolveTicketRequest;
import dev.fieldops.support.v1.ResumeTicketRequest;
import dev.fieldops.support.v1.SupportTier;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketChannel;
import dev.fieldops.support.v1.TicketComment;
import dev.fieldops.support.v1.TicketPriority;
import dev.fieldops.support.v1.TicketStatus;
import dev.fieldops.support.v1.UpdateCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.UpdateTicketRequest;
import dev.fieldops.test.grpc.HostileRequests;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile variants of every RPC's request (malformed bytes, invalid UTF-8, deep nesting, extreme
 * numbers and timestamps, long emoji strings, malformed ids, etags and page tokens, unknown enum
 * values, empty and oversized lists), sent over a socket to the running service: never INTERNAL or
 * UNKNOWN, and every refusal carries an ErrorInfo reason. The seeds carry no etag (unconditional),
 * so that a variant accepted early does not make the later ones stale; the etag fields get their
 * hostile values like every other field.
 */
class HostileInputIT {

  private static RunningSupport support;
  private static String customer;
  private static Ticket fresh;
  private static Ticket open;
  private static Ticket pending;
  private static Ticket resolved;

  @BeforeAll
  static void aCustomerWithTicketsInEveryState() {
    support = RunningSupport.start();
    customer = uniqueCustomer("acme");
    support
        .agent()
        .updateCustomerSupportDetails(
            UpdateCustomerSupportDetailsRequest.newBuilder()
                .setDetails(
                    CustomerSupportDetails.newBuilder()
                        .setCustomerId(customer)
                        .setContactName("Ada Lovelace")
                        .setSupportTier(SupportTier.SUPPORT_TIER_PREMIUM))
                .setUpdateMask(
                    FieldMask.newBuilder().addPaths("contact_name").addPaths("support_tier"))
                .setAllowMissing(true)
                .build());
    fresh = support.openTicket(customer);
    open = assign(support.openTicket(customer));
    pending =
        support
            .agent()
            .markTicketPending(
                MarkTicketPendingRequest.newBuilder()
                    .setTicketId(assign(support.openTicket(customer)).getTicketId())
                    .build())
            .getTicket();
    resolved =
        support
            .agent()
            .resolveTicket(
                ResolveTicketRequest.newBuilder()
                    .setTicketId(assign(support.openTicket(customer)).getTicketId())
                    .setResolution("Replaced the door seal.")
                    .setBillableMinutes(45)
                    .build())
            .getTicket();
  }

  @AfterAll
  static void stop() {
    support.close();
  }

  @Test
  void no_hostile_request_gets_internal_or_unknown_and_every_refusal_has_a_reason() {
    HostileRequests.Report report =
        HostileRequests.of(CustomerSupportServiceGrpc.getServiceDescriptor())
            .seed(
                CustomerSupportServiceGrpc.getGetCustomerSupportDetailsMethod(),
                GetCustomerSupportDetailsRequest.newBuilder().setCustomerId(customer).build())
            .seed(
                CustomerSupportServiceGrpc.getUpdateCustomerSupportDetailsMethod(),
                UpdateCustomerSupportDetailsRequest.newBuilder()
                    .setDetails(
                        CustomerSupportDetails.newBuilder()
                            .setCustomerId(customer)
                            .setEmail("ada@acme.example")
                            .setPhone("+4930123456")
                            .setNotes("Night shift only"))
                    .setUpdateMask(
                        FieldMask.newBuilder()
                            .addPaths("email")
                            .addPaths("phone")
                            .addPaths("notes"))
                    .build())
            .seed(
                CustomerSupportServiceGrpc.getCreateTicketMethod(),
                CreateTicketRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setTicket(
                        Ticket.newBuilder()
                            .setCustomerId(customer)
                            .setSubject("Freezer 3 reads -5 °C")
                            .setDescription("Since this morning.")
                            .setPriority(TicketPriority.TICKET_PRIORITY_HIGH)
                            .setChannel(TicketChannel.TICKET_CHANNEL_API)
                            .setDeviceId(UUID.randomUUID().toString())
                            .addTags("freezer"))
                    .build())
            .seed(
                CustomerSupportServiceGrpc.getGetTicketMethod(),
                GetTicketRequest.newBuilder().setTicketId(open.getTicketId()).build())
            .seed(
                CustomerSupportServiceGrpc.getListTicketsMethod(),
                ListTicketsRequest.newBuilder()
                    .setCustomerId(customer)
                    .setStatus(TicketStatus.TICKET_STATUS_OPEN)
                    .setPriority(TicketPriority.TICKET_PRIORITY_NORMAL)
                    .setAssignee("agent-ada")
                    .setPageSize(10)
                    .build())
            .seed(
                CustomerSupportServiceGrpc.getUpdateTicketMethod(),
                UpdateTicketRequest.newBuilder()
                    .setTicket(
                        Ticket.newBuilder()
                            .setTicketId(fresh.getTicketId())
                            .setSubject("New subject")
                            .setPriority(TicketPriority.TICKET_PRIORITY_URGENT)
                            .addTags("door-seal"))
                    .setUpdateMask(
                        FieldMask.newBuilder()
                            .addPaths("subject")
                            .addPaths("priority")
                            .addPaths("tags"))
                    .build())
            .seed(
                CustomerSupportServiceGrpc.getAddTicketCommentMethod(),
                AddTicketCommentRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setTicketId(open.getTicketId())
                    .setComment(
                        TicketComment.newBuilder()
                            .setVisibility(CommentVisibility.COMMENT_VISIBILITY_PUBLIC)
                            .setBody("We are on our way."))
                    .build())
            .seed(
                CustomerSupportServiceGrpc.getListTicketCommentsMethod(),
                ListTicketCommentsRequest.newBuilder().setTicketId(open.getTicketId()).build())
            .seed(
                CustomerSupportServiceGrpc.getAssignTicketMethod(),
                AssignTicketRequest.newBuilder()
                    .setTicketId(fresh.getTicketId())
                    .setAssignee("agent-bob")
                    .build())
            .seed(
                CustomerSupportServiceGrpc.getMarkTicketPendingMethod(),
                MarkTicketPendingRequest.newBuilder().setTicketId(open.getTicketId()).build())
            .seed(
                CustomerSupportServiceGrpc.getResumeTicketMethod(),
                ResumeTicketRequest.newBuilder().setTicketId(pending.getTicketId()).build())
            .seed(
                CustomerSupportServiceGrpc.getResolveTicketMethod(),
                ResolveTicketRequest.newBuilder()
                    .setTicketId(open.getTicketId())
                    .setResolution("Fixed.")
                    .setBillableMinutes(30)
                    .build())
            .seed(
                CustomerSupportServiceGrpc.getCloseTicketMethod(),
                CloseTicketRequest.newBuilder().setTicketId(resolved.getTicketId()).build())
            .seed(
                CustomerSupportServiceGrpc.getReopenTicketMethod(),
                ReopenTicketRequest.newBuilder()
                    .setTicketId(resolved.getTicketId())
                    .setReason("The freezer warms up again.")
                    .build())
            .run(support.channel, method -> support.environment.tokens().admin());

    assertThat(report.problems()).as(report.summary()).isEmpty();
    assertThat(report.calls()).isGreaterThan(1_000);
  }

  private static Ticket assign(Ticket ticket) {
    return support
        .agent()
        .assignTicket(
            AssignTicketRequest.newBuilder()
                .setTicketId(ticket.getTicketId())
                .setAssignee("agent-ada")
                .build())
        .getTicket();
  }
}
