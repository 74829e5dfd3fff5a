package dev.fieldops.support.component;

import static dev.fieldops.support.component.RunningSupport.uniqueCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.FieldMask;
import dev.fieldops.support.v1.AddTicketCommentRequest;
import dev.fieldops.support.v1.AssignTicketRequest;
import dev.fieldops.support.v1.CloseTicketRequest;
import dev.fieldops.support.v1.CommentAuthorKind;
import dev.fieldops.support.v1.CommentVisibility;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CustomerSupportDetails;
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
import dev.fieldops.test.grpc.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every RPC of CustomerSupportService over a real socket, through the real interceptors: the happy
 * path and the ways each one fails (not found, stale etag, forbidden transition, invalid input,
 * idempotent retry, reused request id, a customer's limits).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerSupportServiceIT {

  private RunningSupport support;

  @BeforeAll
  void start() {
    support = RunningSupport.start();
  }

  @AfterAll
  void stop() {
    support.close();
  }

  private static CreateTicketRequest createRequest(
      String requestId, String customer, String subject) {
    return CreateTicketRequest.newBuilder()
        .setRequestId(requestId)
        .setTicket(
            Ticket.newBuilder()
                .setCustomerId(customer)
                .setSubject(subject)
                .setPriority(TicketPriority.TICKET_PRIORITY_HIGH)
                .setChannel(TicketChannel.TICKET_CHANNEL_PHONE)
                .addTags("freezer"))
        .build();
  }

  private static StatusRuntimeException failure(Runnable call) {
    return assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run).actual();
  }

  private static AddTicketCommentRequest comment(
      String ticketId, CommentVisibility visibility, String body) {
    return AddTicketCommentRequest.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setTicketId(ticketId)
        .setComment(TicketComment.newBuilder().setVisibility(visibility).setBody(body))
        .build();
  }

  private Ticket assigned(Ticket ticket) {
    return support
        .agent()
        .assignTicket(
            AssignTicketRequest.newBuilder()
                .setTicketId(ticket.getTicketId())
                .setAssignee("agent-ada")
                .build())
        .getTicket();
  }

  private Ticket resolved(Ticket ticket) {
    return support
        .agent()
        .resolveTicket(
            ResolveTicketRequest.newBuilder()
                .setTicketId(ticket.getTicketId())
                .setResolution("Replaced the door seal.")
                .setBillableMinutes(45)
                .build())
        .getTicket();
  }

  @Nested
  class CreateTicket {

    @Test
    void opens_a_new_ticket_with_a_number_and_sla_due_times() {
      var customer = uniqueCustomer("acme");

      var ticket =
          support
              .agent()
              .createTicket(createRequest(UUID.randomUUID().toString(), customer, "Door seal"))
              .getTicket();

      assertThat(ticket.getTicketId()).hasSize(36);
      assertThat(ticket.getTicketNumber()).matches("T-\\d{4}-\\d{6,}");
      assertThat(ticket.getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_NEW);
      assertThat(ticket.getEtag()).isEqualTo("1");
      assertThat(ticket.getTagsList()).containsExactly("freezer");
      // BASIC (no profile) × HIGH: 4 h / 3 days.
      assertThat(
              ticket.getSla().getFirstResponseDueTime().getSeconds()
                  - ticket.getCreateTime().getSeconds())
          .isEqualTo(4 * 3600);
      assertThat(
              ticket.getSla().getResolutionDueTime().getSeconds()
                  - ticket.getCreateTime().getSeconds())
          .isEqualTo(3 * 86400);
      assertThat(support.eventsOf(ticket.getTicketId())).isEqualTo(1);
    }

    @Test
    void a_retry_with_the_same_request_id_returns_the_same_ticket_and_opens_only_one() {
      var customer = uniqueCustomer("acme");
      var request = createRequest(UUID.randomUUID().toString(), customer, "Door seal");

      var first = support.agent().createTicket(request);
      var retry = support.agent().createTicket(request);

      assertThat(retry).isEqualTo(first);
      var listed =
          support
              .agent()
              .listTickets(ListTicketsRequest.newBuilder().setCustomerId(customer).build());
      assertThat(listed.getTicketsList())
          .extracting(Ticket::getTicketId)
          .containsExactly(first.getTicket().getTicketId());
      assertThat(support.eventsOf(first.getTicket().getTicketId())).isEqualTo(1);
    }

    @Test
    void the_same_request_id_with_other_content_is_refused() {
      var customer = uniqueCustomer("acme");
      var requestId = UUID.randomUUID().toString();
      support.agent().createTicket(createRequest(requestId, customer, "Door seal"));

      var error =
          failure(() -> support.agent().createTicket(createRequest(requestId, customer, "Other")));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(ErrorDetails.reason(error)).isEqualTo("REQUEST_ID_REUSED");
      assertThat(ErrorDetails.domain(error)).isEqualTo("support.fieldops.dev");
    }

    @Test
    void invalid_input_names_the_field_under_ticket() {
      var error =
          failure(
              () ->
                  support
                      .agent()
                      .createTicket(
                          createRequest(
                              UUID.randomUUID().toString(), uniqueCustomer("acme"), "   ")));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(ErrorDetails.reason(error)).isEqualTo("INVALID_TICKET");
      assertThat(ErrorDetails.fieldViolationPaths(error)).containsExactly("ticket.subject");
    }

    @Test
    void a_missing_subject_is_reported_at_ticket_subject_by_the_contract_rules() {
      var error =
          failure(
              () ->
                  support
                      .agent()
                      .createTicket(
                          createRequest(UUID.randomUUID().toString(), uniqueCustomer("acme"), "")));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(ErrorDetails.reason(error)).isEqualTo("VALIDATION_FAILED");
      assertThat(ErrorDetails.fieldViolationPaths(error)).containsExactly("ticket.subject");
    }

    @Test
    void a_request_the_contract_refuses_never_reaches_the_service() {
      var request =
          createRequest(UUID.randomUUID().toString(), uniqueCustomer("acme"), "Door seal")
              .toBuilder();
      request.getTicketBuilder().addTags("Not A Tag");

      var error = failure(() -> support.agent().createTicket(request.build()));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(ErrorDetails.fieldViolationPaths(error))
          .anyMatch(path -> path.startsWith("ticket.tags"));
    }

    @Test
    void a_customer_opens_tickets_for_itself_only() {
      var customer = uniqueCustomer("acme");

      var own =
          support
              .customer(customer)
              .createTicket(createRequest(UUID.randomUUID().toString(), customer, "Help"));
      var error =
          failure(
              () ->
                  support
                      .customer(customer)
                      .createTicket(
                          createRequest(
                              UUID.randomUUID().toString(), uniqueCustomer("globex"), "Help")));

      assertThat(own.getTicket().getCustomerId()).isEqualTo(customer);
      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  @Nested
  class ReadingTickets {

    @Test
    void get_ticket_returns_the_ticket_and_not_found_for_an_unknown_id() {
      var ticket = support.openTicket(uniqueCustomer("acme"));

      var found =
          support
              .agent()
              .getTicket(GetTicketRequest.newBuilder().setTicketId(ticket.getTicketId()).build());
      var error =
          failure(
              () ->
                  support
                      .agent()
                      .getTicket(
                          GetTicketRequest.newBuilder()
                              .setTicketId(UUID.randomUUID().toString())
                              .build()));

      assertThat(found.getTicket()).isEqualTo(ticket);
      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(ErrorDetails.reason(error)).isEqualTo("TICKET_NOT_FOUND");
    }

    @Test
    void list_tickets_filters_and_pages_newest_first() {
      var customer = uniqueCustomer("acme");
      var opened = new ArrayList<Ticket>();
      for (int i = 0; i < 5; i++) {
        opened.add(support.openTicket(customer));
      }
      var mine = assigned(opened.get(1));

      var walked = new ArrayList<String>();
      var request = ListTicketsRequest.newBuilder().setCustomerId(customer).setPageSize(2);
      String token = "";
      int pages = 0;
      do {
        var page = support.agent().listTickets(request.setPageToken(token).build());
        page.getTicketsList().forEach(t -> walked.add(t.getTicketId()));
        token = page.getNextPageToken();
        pages++;
      } while (!token.isEmpty());

      assertThat(pages).isEqualTo(3);
      assertThat(walked)
          .containsExactly(
              opened.get(4).getTicketId(),
              opened.get(3).getTicketId(),
              opened.get(2).getTicketId(),
              opened.get(1).getTicketId(),
              opened.get(0).getTicketId());
      assertThat(
              support
                  .agent()
                  .listTickets(
                      ListTicketsRequest.newBuilder()
                          .setCustomerId(customer)
                          .setStatus(TicketStatus.TICKET_STATUS_OPEN)
                          .build())
                  .getTicketsList())
          .extracting(Ticket::getTicketId)
          .containsExactly(mine.getTicketId());
      assertThat(
              support
                  .agent()
                  .listTickets(
                      ListTicketsRequest.newBuilder()
                          .setCustomerId(customer)
                          .setAssignee("agent-ada")
                          .build())
                  .getTicketsList())
          .extracting(Ticket::getTicketId)
          .containsExactly(mine.getTicketId());
      assertThat(
              support
                  .agent()
                  .listTickets(
                      ListTicketsRequest.newBuilder()
                          .setCustomerId(customer)
                          .setPriority(TicketPriority.TICKET_PRIORITY_URGENT)
                          .build())
                  .getTicketsList())
          .isEmpty();
      assertThat(
              support
                  .agent()
                  .listTickets(
                      ListTicketsRequest.newBuilder()
                          .setCustomerId(customer)
                          .setUnresolvedOnly(true)
                          .build())
                  .getTicketsList())
          .hasSize(5);
    }

    @Test
    void a_page_token_is_bound_to_its_filters() {
      var customer = uniqueCustomer("acme");
      support.openTicket(customer);
      support.openTicket(customer);
      var page =
          support
              .agent()
              .listTickets(
                  ListTicketsRequest.newBuilder().setCustomerId(customer).setPageSize(1).build());

      var error =
          failure(
              () ->
                  support
                      .agent()
                      .listTickets(
                          ListTicketsRequest.newBuilder()
                              .setCustomerId(uniqueCustomer("globex"))
                              .setPageSize(1)
                              .setPageToken(page.getNextPageToken())
                              .build()));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(ErrorDetails.reason(error)).isEqualTo("INVALID_PAGE_TOKEN");
      assertThat(ErrorDetails.fieldViolationPaths(error)).containsExactly("page_token");
    }

    @Test
    void a_customer_lists_only_its_own_tickets_whatever_the_filter() {
      var customer = uniqueCustomer("acme");
      var own = support.openTicket(customer);
      var other = uniqueCustomer("globex");
      support.openTicket(other);

      var listed = support.customer(customer).listTickets(ListTicketsRequest.getDefaultInstance());
      var filteredOnOther =
          support
              .customer(customer)
              .listTickets(ListTicketsRequest.newBuilder().setCustomerId(other).build());

      assertThat(listed.getTicketsList())
          .extracting(Ticket::getTicketId)
          .containsExactly(own.getTicketId());
      assertThat(filteredOnOther.getTicketsList()).isEmpty();
    }
  }

  @Nested
  class UpdateTicket {

    @Test
    void changes_only_the_masked_fields_and_a_priority_change_moves_the_due_times() {
      var ticket = support.openTicket(uniqueCustomer("acme"));

      var updated =
          support
              .agent()
              .updateTicket(
                  UpdateTicketRequest.newBuilder()
                      .setTicket(
                          Ticket.newBuilder()
                              .setTicketId(ticket.getTicketId())
                              .setSubject("ignored: not in the mask")
                              .setPriority(TicketPriority.TICKET_PRIORITY_URGENT)
                              .addTags("door-seal")
                              .setEtag(ticket.getEtag()))
                      .setUpdateMask(FieldMask.newBuilder().addPaths("priority").addPaths("tags"))
                      .build())
              .getTicket();

      assertThat(updated.getSubject()).isEqualTo(ticket.getSubject());
      assertThat(updated.getPriority()).isEqualTo(TicketPriority.TICKET_PRIORITY_URGENT);
      assertThat(updated.getTagsList()).containsExactly("door-seal");
      assertThat(updated.getEtag()).isEqualTo("2");
      assertThat(updated.getSla().getFirstResponseDueTime().getSeconds())
          .isLessThan(ticket.getSla().getFirstResponseDueTime().getSeconds());
    }

    @Test
    void a_stale_etag_is_aborted_a_malformed_one_invalid_and_neither_changes_anything() {
      var ticket = support.openTicket(uniqueCustomer("acme"));
      assigned(ticket);

      var stale = failure(() -> support.agent().updateTicket(newSubject(ticket, ticket.getEtag())));
      var malformed =
          failure(() -> support.agent().updateTicket(newSubject(ticket, "not-a-version")));

      assertThat(ErrorDetails.code(stale)).isEqualTo(Status.Code.ABORTED);
      assertThat(ErrorDetails.reason(stale)).isEqualTo("ETAG_MISMATCH");
      assertThat(ErrorDetails.code(malformed)).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(ErrorDetails.reason(malformed)).isEqualTo("INVALID_ETAG");
      assertThat(ErrorDetails.fieldViolationPaths(malformed)).containsExactly("ticket.etag");
      assertThat(support.eventsOf(ticket.getTicketId())).isEqualTo(2);
    }

    private UpdateTicketRequest newSubject(Ticket ticket, String etag) {
      return UpdateTicketRequest.newBuilder()
          .setTicket(
              Ticket.newBuilder()
                  .setTicketId(ticket.getTicketId())
                  .setSubject("New subject")
                  .setEtag(etag))
          .setUpdateMask(FieldMask.newBuilder().addPaths("subject"))
          .build();
    }

    @Test
    void a_mask_naming_a_server_owned_field_is_invalid() {
      var ticket = support.openTicket(uniqueCustomer("acme"));

      var error =
          failure(
              () ->
                  support
                      .agent()
                      .updateTicket(
                          UpdateTicketRequest.newBuilder()
                              .setTicket(Ticket.newBuilder().setTicketId(ticket.getTicketId()))
                              .setUpdateMask(FieldMask.newBuilder().addPaths("status"))
                              .build()));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(ErrorDetails.fieldViolationPaths(error))
          .anyMatch(path -> path.startsWith("update_mask"));
    }
  }

  @Nested
  class Conversation {

    @Test
    void the_first_public_staff_reply_is_the_first_response_and_opens_the_ticket() {
      var ticket = support.openTicket(uniqueCustomer("acme"));

      var added =
          support
              .agent()
              .addTicketComment(
                  comment(
                      ticket.getTicketId(), CommentVisibility.COMMENT_VISIBILITY_PUBLIC, "On it."));

      assertThat(added.getComment().getAuthor()).isEqualTo("agent-ada");
      assertThat(added.getComment().getAuthorKind())
          .isEqualTo(CommentAuthorKind.COMMENT_AUTHOR_KIND_STAFF);
      assertThat(added.getTicket().getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_OPEN);
      assertThat(added.getTicket().getSla().hasFirstResponseTime()).isTrue();
      assertThat(added.getTicket().getEtag()).isEqualTo("2");
    }

    @Test
    void a_note_does_not_change_the_etag_so_the_next_action_with_the_etag_read_before_succeeds() {
      var ticket = support.openTicket(uniqueCustomer("acme"));
      var assigned =
          support
              .agent()
              .assignTicket(
                  AssignTicketRequest.newBuilder()
                      .setTicketId(ticket.getTicketId())
                      .setAssignee("agent-ada")
                      .setEtag(ticket.getEtag())
                      .build())
              .getTicket();

      var noted =
          support
              .agent()
              .addTicketComment(
                  comment(
                      ticket.getTicketId(),
                      CommentVisibility.COMMENT_VISIBILITY_INTERNAL,
                      "Device details from telemetry: ..."));
      var resolved =
          support
              .agent()
              .resolveTicket(
                  ResolveTicketRequest.newBuilder()
                      .setTicketId(ticket.getTicketId())
                      .setResolution("Door seal replaced.")
                      .setBillableMinutes(45)
                      .setEtag(assigned.getEtag())
                      .build())
              .getTicket();

      assertThat(noted.getTicket().getEtag()).isEqualTo(assigned.getEtag());
      assertThat(resolved.getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_RESOLVED);
    }

    @Test
    void a_retried_comment_is_added_once() {
      var ticket = support.openTicket(uniqueCustomer("acme"));
      var request =
          comment(
              ticket.getTicketId(), CommentVisibility.COMMENT_VISIBILITY_INTERNAL, "Seal again?");

      var first = support.agent().addTicketComment(request);
      var retry = support.agent().addTicketComment(request);

      assertThat(retry).isEqualTo(first);
      assertThat(
              support
                  .agent()
                  .listTicketComments(
                      ListTicketCommentsRequest.newBuilder()
                          .setTicketId(ticket.getTicketId())
                          .build())
                  .getCommentsList())
          .hasSize(1);
    }

    @Test
    void customers_never_see_internal_notes_and_their_reply_resumes_a_pending_ticket() {
      var customer = uniqueCustomer("acme");
      var ticket = assigned(support.openTicket(customer));
      support
          .agent()
          .addTicketComment(
              comment(
                  ticket.getTicketId(),
                  CommentVisibility.COMMENT_VISIBILITY_PUBLIC,
                  "Is the door closed?"));
      support
          .agent()
          .addTicketComment(
              comment(
                  ticket.getTicketId(),
                  CommentVisibility.COMMENT_VISIBILITY_INTERNAL,
                  "Probably the seal."));
      support
          .agent()
          .markTicketPending(
              MarkTicketPendingRequest.newBuilder().setTicketId(ticket.getTicketId()).build());

      var reply =
          support
              .customer(customer)
              .addTicketComment(
                  comment(
                      ticket.getTicketId(),
                      CommentVisibility.COMMENT_VISIBILITY_PUBLIC,
                      "Yes it is."));
      var seenByCustomer =
          support
              .customer(customer)
              .listTicketComments(
                  ListTicketCommentsRequest.newBuilder().setTicketId(ticket.getTicketId()).build());
      var seenByStaff =
          support
              .agent()
              .listTicketComments(
                  ListTicketCommentsRequest.newBuilder().setTicketId(ticket.getTicketId()).build());
      var noteByCustomer =
          failure(
              () ->
                  support
                      .customer(customer)
                      .addTicketComment(
                          comment(
                              ticket.getTicketId(),
                              CommentVisibility.COMMENT_VISIBILITY_INTERNAL,
                              "psst")));

      assertThat(reply.getTicket().getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_OPEN);
      assertThat(reply.getComment().getAuthor()).isEqualTo(customer);
      assertThat(seenByCustomer.getCommentsList())
          .extracting(TicketComment::getBody)
          .containsExactly("Is the door closed?", "Yes it is.");
      assertThat(seenByStaff.getCommentsList())
          .extracting(TicketComment::getBody)
          .containsExactly("Is the door closed?", "Probably the seal.", "Yes it is.");
      assertThat(ErrorDetails.code(noteByCustomer)).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(ErrorDetails.reason(noteByCustomer)).isEqualTo("ACTION_NOT_ALLOWED");
    }

    @Test
    void comments_page_oldest_first() {
      var ticket = support.openTicket(uniqueCustomer("acme"));
      for (int i = 1; i <= 3; i++) {
        support
            .agent()
            .addTicketComment(
                comment(
                    ticket.getTicketId(),
                    CommentVisibility.COMMENT_VISIBILITY_PUBLIC,
                    "Update " + i));
      }

      var first =
          support
              .agent()
              .listTicketComments(
                  ListTicketCommentsRequest.newBuilder()
                      .setTicketId(ticket.getTicketId())
                      .setPageSize(2)
                      .build());
      var second =
          support
              .agent()
              .listTicketComments(
                  ListTicketCommentsRequest.newBuilder()
                      .setTicketId(ticket.getTicketId())
                      .setPageSize(2)
                      .setPageToken(first.getNextPageToken())
                      .build());

      assertThat(first.getCommentsList())
          .extracting(TicketComment::getBody)
          .containsExactly("Update 1", "Update 2");
      assertThat(second.getCommentsList())
          .extracting(TicketComment::getBody)
          .containsExactly("Update 3");
      assertThat(second.getNextPageToken()).isEmpty();
    }

    @Test
    void commenting_on_an_unknown_ticket_is_not_found() {
      var error =
          failure(
              () ->
                  support
                      .agent()
                      .addTicketComment(
                          comment(
                              UUID.randomUUID().toString(),
                              CommentVisibility.COMMENT_VISIBILITY_PUBLIC,
                              "Hello?")));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  @Nested
  class Transitions {

    @Test
    void a_ticket_lives_from_new_to_closed() {
      var ticket = support.openTicket(uniqueCustomer("acme"));
      var id = ticket.getTicketId();

      var open = assigned(ticket);
      var pending =
          support
              .agent()
              .markTicketPending(
                  MarkTicketPendingRequest.newBuilder()
                      .setTicketId(id)
                      .setEtag(open.getEtag())
                      .build())
              .getTicket();
      var resumed =
          support
              .agent()
              .resumeTicket(
                  ResumeTicketRequest.newBuilder()
                      .setTicketId(id)
                      .setEtag(pending.getEtag())
                      .build())
              .getTicket();
      var resolved = resolved(resumed);
      var reopened =
          support
              .agent()
              .reopenTicket(
                  ReopenTicketRequest.newBuilder().setTicketId(id).setReason("Warm again.").build())
              .getTicket();
      var resolvedAgain = resolved(reopened);
      var closed =
          support
              .agent()
              .closeTicket(
                  CloseTicketRequest.newBuilder()
                      .setTicketId(id)
                      .setEtag(resolvedAgain.getEtag())
                      .build())
              .getTicket();

      assertThat(open.getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_OPEN);
      assertThat(open.getAssignee()).isEqualTo("agent-ada");
      assertThat(pending.getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_PENDING);
      assertThat(pending.getSla().getPaused()).isTrue();
      assertThat(resumed.getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_OPEN);
      assertThat(resolved.getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_RESOLVED);
      assertThat(resolved.getResolution()).isEqualTo("Replaced the door seal.");
      assertThat(resolved.hasResolveTime()).isTrue();
      assertThat(reopened.getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_OPEN);
      assertThat(reopened.hasResolveTime()).isFalse();
      assertThat(resolvedAgain.getBillableMinutes()).isEqualTo(90);
      assertThat(closed.getStatus()).isEqualTo(TicketStatus.TICKET_STATUS_CLOSED);
      assertThat(closed.hasCloseTime()).isTrue();
      // Opened, assigned, pending, resumed, resolved, reopened, resolved, closed.
      assertThat(closed.getEtag()).isEqualTo("8");
      assertThat(support.eventsOf(id)).isEqualTo(8);
    }

    @Test
    void a_transition_the_status_forbids_fails_with_the_rule_as_reason() {
      var fresh = support.openTicket(uniqueCustomer("acme"));
      var closedTicket = support.openTicket(uniqueCustomer("acme"));
      resolved(assigned(closedTicket));
      support
          .agent()
          .closeTicket(
              CloseTicketRequest.newBuilder().setTicketId(closedTicket.getTicketId()).build());

      var closeNew =
          failure(
              () ->
                  support
                      .agent()
                      .closeTicket(
                          CloseTicketRequest.newBuilder()
                              .setTicketId(fresh.getTicketId())
                              .build()));
      var resumeNew =
          failure(
              () ->
                  support
                      .agent()
                      .resumeTicket(
                          ResumeTicketRequest.newBuilder()
                              .setTicketId(fresh.getTicketId())
                              .build()));
      var resolveNew = failure(() -> resolved(fresh));
      var pendingNew =
          failure(
              () ->
                  support
                      .agent()
                      .markTicketPending(
                          MarkTicketPendingRequest.newBuilder()
                              .setTicketId(fresh.getTicketId())
                              .build()));
      var reopenNew =
          failure(
              () ->
                  support
                      .agent()
                      .reopenTicket(
                          ReopenTicketRequest.newBuilder()
                              .setTicketId(fresh.getTicketId())
                              .build()));
      var assignClosed = failure(() -> assigned(closedTicket));

      assertThat(List.of(closeNew, resumeNew, resolveNew, pendingNew, reopenNew, assignClosed))
          .extracting(ErrorDetails::code)
          .containsOnly(Status.Code.FAILED_PRECONDITION);
      assertThat(List.of(closeNew, resumeNew, resolveNew, pendingNew, reopenNew, assignClosed))
          .extracting(ErrorDetails::reason)
          .containsExactly(
              "TICKET_NOT_RESOLVED",
              "TICKET_NOT_PENDING",
              "TICKET_NOT_OPEN",
              "TICKET_NOT_OPEN",
              "TICKET_NOT_RESOLVED",
              "TICKET_ALREADY_CLOSED");
      assertThat(support.eventsOf(fresh.getTicketId())).isEqualTo(1);
    }

    @Test
    void a_stale_etag_on_a_transition_is_aborted() {
      var ticket = support.openTicket(uniqueCustomer("acme"));
      var open = assigned(ticket);

      var error =
          failure(
              () ->
                  support
                      .agent()
                      .markTicketPending(
                          MarkTicketPendingRequest.newBuilder()
                              .setTicketId(open.getTicketId())
                              .setEtag(ticket.getEtag())
                              .build()));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.ABORTED);
      assertThat(ErrorDetails.reason(error)).isEqualTo("ETAG_MISMATCH");
    }

    @Test
    void invalid_resolution_input_names_its_field() {
      var ticket = assigned(support.openTicket(uniqueCustomer("acme")));

      var error =
          failure(
              () ->
                  support
                      .agent()
                      .resolveTicket(
                          ResolveTicketRequest.newBuilder()
                              .setTicketId(ticket.getTicketId())
                              .setResolution("  ")
                              .setBillableMinutes(5)
                              .build()));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(ErrorDetails.fieldViolationPaths(error)).containsExactly("resolution");
    }

    @Test
    void transitions_of_an_unknown_ticket_are_not_found() {
      var unknown = UUID.randomUUID().toString();

      var error =
          failure(
              () ->
                  support
                      .agent()
                      .assignTicket(
                          AssignTicketRequest.newBuilder()
                              .setTicketId(unknown)
                              .setAssignee("agent-ada")
                              .build()));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(ErrorDetails.reason(error)).isEqualTo("TICKET_NOT_FOUND");
    }

    @Test
    void a_customer_may_not_resolve_its_own_ticket() {
      var customer = uniqueCustomer("acme");
      var ticket = assigned(support.openTicket(customer));

      var error =
          failure(
              () ->
                  support
                      .customer(customer)
                      .resolveTicket(
                          ResolveTicketRequest.newBuilder()
                              .setTicketId(ticket.getTicketId())
                              .setResolution("Fixed it myself.")
                              .build()));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(ErrorDetails.reason(error)).isEqualTo("ACTION_NOT_ALLOWED");
      assertThat(support.eventsOf(ticket.getTicketId())).isEqualTo(2);
    }
  }

  @Nested
  class SupportDetails {

    private UpdateCustomerSupportDetailsRequest.Builder update(String customer, String etag) {
      return UpdateCustomerSupportDetailsRequest.newBuilder()
          .setDetails(
              CustomerSupportDetails.newBuilder()
                  .setCustomerId(customer)
                  .setContactName("Ada Lovelace")
                  .setEmail("ada@acme.example")
                  .setPhone("+4930123456")
                  .setSupportTier(SupportTier.SUPPORT_TIER_PREMIUM)
                  .setNotes("Night shift calls only after 22:00.")
                  .setEtag(etag))
          .setUpdateMask(everyField());
    }

    private static FieldMask everyField() {
      return FieldMask.newBuilder()
          .addPaths("contact_name")
          .addPaths("email")
          .addPaths("phone")
          .addPaths("support_tier")
          .addPaths("notes")
          .build();
    }

    @Test
    void allow_missing_creates_the_profile_and_the_read_model_counts_its_tickets() {
      var customer = uniqueCustomer("acme");
      var created =
          support
              .agent()
              .updateCustomerSupportDetails(update(customer, "").setAllowMissing(true).build());
      var ticket = support.openTicket(customer);

      var read =
          support
              .agent()
              .getCustomerSupportDetails(
                  GetCustomerSupportDetailsRequest.newBuilder().setCustomerId(customer).build());

      assertThat(created.getCustomerSupportDetails().getEtag()).isEqualTo("1");
      var details = read.getCustomerSupportDetails();
      assertThat(details.getContactName()).isEqualTo("Ada Lovelace");
      assertThat(details.getSupportTier()).isEqualTo(SupportTier.SUPPORT_TIER_PREMIUM);
      assertThat(details.getNotes()).isEqualTo("Night shift calls only after 22:00.");
      assertThat(details.getOpenTicketCount()).isEqualTo(1);
      assertThat(details.getRecentTicketsList())
          .extracting(t -> t.getTicketId())
          .containsExactly(ticket.getTicketId());
      assertThat(details.getAccountStanding())
          .isEqualTo(dev.fieldops.support.v1.AccountStanding.ACCOUNT_STANDING_UNKNOWN);
      assertThat(details.getActiveAlertCount()).isZero();
      // PREMIUM × NORMAL: 1 h first response.
      assertThat(
              ticket.getSla().getFirstResponseDueTime().getSeconds()
                  - ticket.getCreateTime().getSeconds())
          .isEqualTo(3600);
    }

    @Test
    void without_allow_missing_a_missing_profile_is_not_found() {
      var customer = uniqueCustomer("acme");

      var update =
          failure(() -> support.agent().updateCustomerSupportDetails(update(customer, "").build()));
      var get =
          failure(
              () ->
                  support
                      .agent()
                      .getCustomerSupportDetails(
                          GetCustomerSupportDetailsRequest.newBuilder()
                              .setCustomerId(customer)
                              .build()));

      assertThat(ErrorDetails.code(update)).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(ErrorDetails.reason(get)).isEqualTo("CUSTOMER_SUPPORT_DETAILS_NOT_FOUND");
    }

    @Test
    void a_stale_etag_is_aborted_and_the_current_one_applies() {
      var customer = uniqueCustomer("acme");
      support
          .agent()
          .updateCustomerSupportDetails(update(customer, "").setAllowMissing(true).build());

      var stale =
          failure(
              () ->
                  support
                      .agent()
                      .updateCustomerSupportDetails(
                          update(customer, "7")
                              .setUpdateMask(FieldMask.newBuilder().addPaths("notes"))
                              .build()));
      var changed =
          support
              .agent()
              .updateCustomerSupportDetails(
                  update(customer, "1")
                      .setDetails(
                          CustomerSupportDetails.newBuilder()
                              .setCustomerId(customer)
                              .setSupportTier(SupportTier.SUPPORT_TIER_STANDARD)
                              .setEtag("1"))
                      .setUpdateMask(FieldMask.newBuilder().addPaths("support_tier"))
                      .build());

      assertThat(ErrorDetails.code(stale)).isEqualTo(Status.Code.ABORTED);
      assertThat(ErrorDetails.reason(stale)).isEqualTo("ETAG_MISMATCH");
      assertThat(changed.getCustomerSupportDetails().getSupportTier())
          .isEqualTo(SupportTier.SUPPORT_TIER_STANDARD);
      assertThat(changed.getCustomerSupportDetails().getContactName()).isEqualTo("Ada Lovelace");
      assertThat(changed.getCustomerSupportDetails().getEtag()).isEqualTo("2");
      assertThat(support.eventsOf(customer)).isEqualTo(2);
    }

    @Test
    void invalid_details_name_the_field_under_details() {
      var error =
          failure(
              () ->
                  support
                      .agent()
                      .updateCustomerSupportDetails(
                          update(uniqueCustomer("acme"), "")
                              .setDetails(
                                  CustomerSupportDetails.newBuilder()
                                      .setCustomerId(uniqueCustomer("acme"))
                                      .setContactName("Ada\u0007"))
                              .setUpdateMask(FieldMask.newBuilder().addPaths("contact_name"))
                              .setAllowMissing(true)
                              .build()));

      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(ErrorDetails.fieldViolationPaths(error)).containsExactly("details.contact_name");
    }

    @Test
    void a_customer_reads_its_profile_without_the_agents_notes_and_cannot_change_it() {
      var customer = uniqueCustomer("acme");
      support
          .agent()
          .updateCustomerSupportDetails(update(customer, "").setAllowMissing(true).build());

      var read =
          support
              .customer(customer)
              .getCustomerSupportDetails(
                  GetCustomerSupportDetailsRequest.newBuilder().setCustomerId(customer).build());
      var change =
          failure(
              () ->
                  support
                      .customer(customer)
                      .updateCustomerSupportDetails(update(customer, "").build()));

      assertThat(read.getCustomerSupportDetails().getContactName()).isEqualTo("Ada Lovelace");
      assertThat(read.getCustomerSupportDetails().getNotes()).isEmpty();
      assertThat(ErrorDetails.code(change)).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(support.eventsOf(customer)).isEqualTo(1);
    }
  }

  @Test
  void callers_support_does_not_serve_are_denied() {
    var device =
        support.as(support.environment.tokens().device("0190d7a2-0000-7000-8000-000000000042"));
    var clerk =
        support.as(
            support.environment.tokens().staff(dev.fieldops.kernel.Principal.Role.BILLING_CLERK));

    var byDevice = failure(() -> device.listTickets(ListTicketsRequest.getDefaultInstance()));
    var byClerk = failure(() -> clerk.listTickets(ListTicketsRequest.getDefaultInstance()));

    assertThat(ErrorDetails.code(byDevice)).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(ErrorDetails.code(byClerk)).isEqualTo(Status.Code.PERMISSION_DENIED);
  }
}
