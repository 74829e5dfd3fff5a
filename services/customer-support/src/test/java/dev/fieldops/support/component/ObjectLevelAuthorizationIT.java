package dev.fieldops.support.component;

import static dev.fieldops.support.component.RunningSupport.uniqueCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.FieldMask;
import dev.fieldops.support.v1.AddTicketCommentRequest;
import dev.fieldops.support.v1.AssignTicketRequest;
import dev.fieldops.support.v1.CloseTicketRequest;
import dev.fieldops.support.v1.CommentVisibility;
import dev.fieldops.support.v1.CreateTicketRequest;
import dev.fieldops.support.v1.CustomerSupportDetails;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc.CustomerSupportServiceBlockingStub;
import dev.fieldops.support.v1.GetCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.GetTicketRequest;
import dev.fieldops.support.v1.ListTicketCommentsRequest;
import dev.fieldops.support.v1.ListTicketsRequest;
import dev.fieldops.support.v1.MarkTicketPendingRequest;
import dev.fieldops.support.v1.ReopenTicketRequest;
import dev.fieldops.support.v1.ResolveTicketRequest;
import dev.fieldops.support.v1.ResumeTicketRequest;
import dev.fieldops.support.v1.Ticket;
import dev.fieldops.support.v1.TicketChannel;
import dev.fieldops.support.v1.TicketComment;
import dev.fieldops.support.v1.UpdateCustomerSupportDetailsRequest;
import dev.fieldops.support.v1.UpdateTicketRequest;
import dev.fieldops.test.grpc.ErrorDetails;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Object-level authorization for every RPC, enumerated from the service descriptor: a second
 * customer aiming at the first customer's profile or ticket gets NOT_FOUND (a list is silently
 * confined to its own tickets), nothing changes and no event is written. A new RPC without a case
 * here fails the suite, so it cannot be forgotten.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectLevelAuthorizationIT {

  private RunningSupport support;
  private String owner;
  private Ticket ticket;
  private CustomerSupportServiceBlockingStub intruder;

  /**
   * RPCs that name no single object: a list is silently confined to the caller's own tickets, so
   * the intrusion succeeds with nothing in it instead of failing.
   */
  private static final java.util.Set<String> LISTS = java.util.Set.of("ListTickets");

  /** What the intruder tries, per RPC; each must end in NOT_FOUND unless it is a list. */
  private Map<String, Consumer<CustomerSupportServiceBlockingStub>> attempts;

  @BeforeAll
  void start() {
    support = RunningSupport.start();
    owner = uniqueCustomer("acme");
    support
        .agent()
        .updateCustomerSupportDetails(
            UpdateCustomerSupportDetailsRequest.newBuilder()
                .setDetails(
                    CustomerSupportDetails.newBuilder().setCustomerId(owner).setContactName("Ada"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("contact_name"))
                .setAllowMissing(true)
                .build());
    ticket = support.openTicket(owner);
    support
        .agent()
        .addTicketComment(
            AddTicketCommentRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setTicketId(ticket.getTicketId())
                .setComment(
                    TicketComment.newBuilder()
                        .setVisibility(CommentVisibility.COMMENT_VISIBILITY_PUBLIC)
                        .setBody("On it."))
                .build());
    ticket =
        support
            .agent()
            .getTicket(GetTicketRequest.newBuilder().setTicketId(ticket.getTicketId()).build())
            .getTicket();
    intruder = support.customer(uniqueCustomer("globex"));
    attempts = attempts();
  }

  @AfterAll
  void stop() {
    support.close();
  }

  private Map<String, Consumer<CustomerSupportServiceBlockingStub>> attempts() {
    String id = ticket.getTicketId();
    return Map.ofEntries(
        Map.entry(
            name(CustomerSupportServiceGrpc.getGetCustomerSupportDetailsMethod()),
            s ->
                s.getCustomerSupportDetails(
                    GetCustomerSupportDetailsRequest.newBuilder().setCustomerId(owner).build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getUpdateCustomerSupportDetailsMethod()),
            s ->
                s.updateCustomerSupportDetails(
                    UpdateCustomerSupportDetailsRequest.newBuilder()
                        .setDetails(
                            CustomerSupportDetails.newBuilder()
                                .setCustomerId(owner)
                                .setContactName("Mallory"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("contact_name"))
                        .setAllowMissing(true)
                        .build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getCreateTicketMethod()),
            s ->
                s.createTicket(
                    CreateTicketRequest.newBuilder()
                        .setRequestId(UUID.randomUUID().toString())
                        .setTicket(
                            Ticket.newBuilder()
                                .setCustomerId(owner)
                                .setSubject("Spam")
                                .setChannel(TicketChannel.TICKET_CHANNEL_API))
                        .build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getGetTicketMethod()),
            s -> s.getTicket(GetTicketRequest.newBuilder().setTicketId(id).build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getListTicketsMethod()),
            s -> {
              var listed =
                  s.listTickets(ListTicketsRequest.newBuilder().setCustomerId(owner).build());
              assertThat(listed.getTicketsList()).isEmpty();
            }),
        Map.entry(
            name(CustomerSupportServiceGrpc.getUpdateTicketMethod()),
            s ->
                s.updateTicket(
                    UpdateTicketRequest.newBuilder()
                        .setTicket(Ticket.newBuilder().setTicketId(id).setSubject("Hijacked"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("subject"))
                        .build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getAddTicketCommentMethod()),
            s ->
                s.addTicketComment(
                    AddTicketCommentRequest.newBuilder()
                        .setRequestId(UUID.randomUUID().toString())
                        .setTicketId(id)
                        .setComment(
                            TicketComment.newBuilder()
                                .setVisibility(CommentVisibility.COMMENT_VISIBILITY_PUBLIC)
                                .setBody("Hello from elsewhere"))
                        .build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getListTicketCommentsMethod()),
            s ->
                s.listTicketComments(
                    ListTicketCommentsRequest.newBuilder().setTicketId(id).build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getAssignTicketMethod()),
            s ->
                s.assignTicket(
                    AssignTicketRequest.newBuilder()
                        .setTicketId(id)
                        .setAssignee("mallory")
                        .build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getMarkTicketPendingMethod()),
            s ->
                s.markTicketPending(MarkTicketPendingRequest.newBuilder().setTicketId(id).build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getResumeTicketMethod()),
            s -> s.resumeTicket(ResumeTicketRequest.newBuilder().setTicketId(id).build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getResolveTicketMethod()),
            s ->
                s.resolveTicket(
                    ResolveTicketRequest.newBuilder()
                        .setTicketId(id)
                        .setResolution("Closed by me")
                        .build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getCloseTicketMethod()),
            s -> s.closeTicket(CloseTicketRequest.newBuilder().setTicketId(id).build())),
        Map.entry(
            name(CustomerSupportServiceGrpc.getReopenTicketMethod()),
            s -> s.reopenTicket(ReopenTicketRequest.newBuilder().setTicketId(id).build())));
  }

  private static String name(MethodDescriptor<?, ?> method) {
    return method.getBareMethodName();
  }

  Stream<String> everyRpc() {
    return CustomerSupportServiceGrpc.getServiceDescriptor().getMethods().stream()
        .map(MethodDescriptor::getBareMethodName);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRpc")
  void another_customers_object_is_not_found_unchanged_and_silent(String rpc) {
    assertThat(attempts).as("an intrusion case for %s", rpc).containsKey(rpc);
    int eventsBefore = support.allEvents();

    if (LISTS.contains(rpc)) {
      assertThatCode(() -> attempts.get(rpc).accept(intruder))
          .as("%s is confined, not refused", rpc)
          .doesNotThrowAnyException();
    } else {
      var error =
          assertThatExceptionOfType(StatusRuntimeException.class)
              .as("%s by another customer must fail", rpc)
              .isThrownBy(() -> attempts.get(rpc).accept(intruder))
              .actual();
      assertThat(ErrorDetails.code(error)).isEqualTo(Status.Code.NOT_FOUND);
    }
    var now =
        support
            .agent()
            .getTicket(GetTicketRequest.newBuilder().setTicketId(ticket.getTicketId()).build())
            .getTicket();
    assertThat(now).isEqualTo(ticket);
    var profile =
        support
            .agent()
            .getCustomerSupportDetails(
                GetCustomerSupportDetailsRequest.newBuilder().setCustomerId(owner).build());
    assertThat(profile.getCustomerSupportDetails().getContactName()).isEqualTo("Ada");
    assertThat(profile.getCustomerSupportDetails().getEtag()).isEqualTo("1");
    assertThat(profile.getCustomerSupportDetails().getOpenTicketCount()).isEqualTo(1);
    assertThat(support.allEvents()).isEqualTo(eventsBefore);
  }

  @Test
  void every_case_names_an_rpc_that_exists() {
    assertThat(everyRpc()).containsExactlyInAnyOrderElementsOf(attempts.keySet());
  }

  @Test
  void the_owner_reaches_the_same_objects() {
    var own = support.customer(owner);

    assertThat(
            own.getTicket(GetTicketRequest.newBuilder().setTicketId(ticket.getTicketId()).build())
                .getTicket())
        .isEqualTo(ticket);
    assertThat(own.listTickets(ListTicketsRequest.getDefaultInstance()).getTicketsList())
        .hasSize(1);
  }
}
