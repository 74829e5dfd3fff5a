package dev.fieldops.support.adapter.grpc;

import static dev.fieldops.grpc.Allow.customer;
import static dev.fieldops.grpc.Allow.staff;
import static dev.fieldops.kernel.Principal.Role.ADMIN;
import static dev.fieldops.kernel.Principal.Role.SUPPORT_AGENT;

import dev.fieldops.grpc.Allow;
import dev.fieldops.grpc.CallClass;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.support.v1.CustomerSupportServiceGrpc;
import io.grpc.MethodDescriptor;
import java.util.List;

/**
 * Who may call which RPC of customer support — the method level; deny by default.
 *
 * <ul>
 *   <li>Staff with {@code support_agent} or {@code admin}: every RPC.
 *   <li>Customers: every RPC, too, at this level. What a customer may do is then decided per object
 *       by the application ({@code SupportAccess}): another customer's profile or ticket is
 *       NOT_FOUND, exactly as if it did not exist, and an action a customer may never take (assign,
 *       resolve, close, internal notes, editing a ticket or its profile) on its own ticket is
 *       PERMISSION_DENIED with reason {@code ACTION_NOT_ALLOWED}. Refusing those RPCs here would
 *       answer PERMISSION_DENIED for other customers' ids too, and the contract says a resource the
 *       caller may not see is NOT_FOUND whatever the RPC.
 *   <li>Everyone else (devices, other staff roles, other contexts' services) is denied. Support's
 *       own automation (the SLA scheduler, later the event consumers) runs in-process and needs no
 *       RPC.
 * </ul>
 */
public final class SupportMethodPolicy {

  private SupportMethodPolicy() {}

  public static MethodPolicy create() {
    var builder = MethodPolicy.builder();
    for (MethodDescriptor<?, ?> method : supportMethods()) {
      builder.allow(method, supportStaff(), customer());
    }
    // Rate-limit classes (AbuseLimits): what reads, what changes.
    builder
        .classify(
            CallClass.READS,
            CustomerSupportServiceGrpc.getGetCustomerSupportDetailsMethod(),
            CustomerSupportServiceGrpc.getGetTicketMethod(),
            CustomerSupportServiceGrpc.getListTicketsMethod(),
            CustomerSupportServiceGrpc.getListTicketCommentsMethod())
        .classify(
            CallClass.WRITES,
            CustomerSupportServiceGrpc.getUpdateCustomerSupportDetailsMethod(),
            CustomerSupportServiceGrpc.getCreateTicketMethod(),
            CustomerSupportServiceGrpc.getUpdateTicketMethod(),
            CustomerSupportServiceGrpc.getAddTicketCommentMethod(),
            CustomerSupportServiceGrpc.getAssignTicketMethod(),
            CustomerSupportServiceGrpc.getMarkTicketPendingMethod(),
            CustomerSupportServiceGrpc.getResumeTicketMethod(),
            CustomerSupportServiceGrpc.getResolveTicketMethod(),
            CustomerSupportServiceGrpc.getCloseTicketMethod(),
            CustomerSupportServiceGrpc.getReopenTicketMethod());
    return builder.build();
  }

  private static Allow supportStaff() {
    return staff(SUPPORT_AGENT, ADMIN);
  }

  private static List<MethodDescriptor<?, ?>> supportMethods() {
    return List.of(
        CustomerSupportServiceGrpc.getGetCustomerSupportDetailsMethod(),
        CustomerSupportServiceGrpc.getUpdateCustomerSupportDetailsMethod(),
        CustomerSupportServiceGrpc.getCreateTicketMethod(),
        CustomerSupportServiceGrpc.getGetTicketMethod(),
        CustomerSupportServiceGrpc.getListTicketsMethod(),
        CustomerSupportServiceGrpc.getUpdateTicketMethod(),
        CustomerSupportServiceGrpc.getAddTicketCommentMethod(),
        CustomerSupportServiceGrpc.getListTicketCommentsMethod(),
        CustomerSupportServiceGrpc.getAssignTicketMethod(),
        CustomerSupportServiceGrpc.getMarkTicketPendingMethod(),
        CustomerSupportServiceGrpc.getResumeTicketMethod(),
        CustomerSupportServiceGrpc.getResolveTicketMethod(),
        CustomerSupportServiceGrpc.getCloseTicketMethod(),
        CustomerSupportServiceGrpc.getReopenTicketMethod());
  }
}
