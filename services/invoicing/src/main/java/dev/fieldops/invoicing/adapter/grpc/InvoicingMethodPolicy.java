package dev.fieldops.invoicing.adapter.grpc;

import static dev.fieldops.grpc.Allow.customer;
import static dev.fieldops.grpc.Allow.staff;
import static dev.fieldops.kernel.Principal.Role.ADMIN;
import static dev.fieldops.kernel.Principal.Role.BILLING_CLERK;

import dev.fieldops.grpc.Allow;
import dev.fieldops.grpc.CallClass;
import dev.fieldops.grpc.MethodPolicy;
import dev.fieldops.invoicing.v1.InvoicingServiceGrpc;

/**
 * Who may call which invoicing RPC, in one place (deny by default):
 *
 * <ul>
 *   <li>staff with {@code billing_clerk} or {@code admin}: every RPC;
 *   <li>customers: the reads only — and the handlers confine them to their own customer id, so
 *       another customer's invoice, payments, charges, balance or payment terms are NOT_FOUND (or
 *       absent from a list);
 *   <li>everyone else (support agents, telemetry operators, devices, other contexts): nothing.
 * </ul>
 *
 * No other context calls invoicing over gRPC (charges arrive by events), so no service principal is
 * allowed here.
 */
public final class InvoicingMethodPolicy {

  private InvoicingMethodPolicy() {}

  /**
   * The policy. Every RPC is named here explicitly: a new RPC has no rule until someone decides who
   * may call it, and the server refuses to start meanwhile.
   */
  public static MethodPolicy create() {
    Allow billing = staff(BILLING_CLERK, ADMIN);
    return MethodPolicy.builder()
        // Reads: billing staff, and customers confined to their own data by the handlers.
        .allow(InvoicingServiceGrpc.getGetInvoiceMethod(), billing, customer())
        .allow(InvoicingServiceGrpc.getListInvoicesMethod(), billing, customer())
        .allow(InvoicingServiceGrpc.getListInvoicePaymentsMethod(), billing, customer())
        .allow(InvoicingServiceGrpc.getGetCustomerBalanceMethod(), billing, customer())
        .allow(InvoicingServiceGrpc.getListUnbilledChargesMethod(), billing, customer())
        .allow(InvoicingServiceGrpc.getGetCustomerPaymentTermsMethod(), billing, customer())
        // Writes: billing staff only.
        .allow(InvoicingServiceGrpc.getCreateInvoiceMethod(), billing)
        .allow(InvoicingServiceGrpc.getAddInvoiceLineMethod(), billing)
        .allow(InvoicingServiceGrpc.getRemoveInvoiceLineMethod(), billing)
        .allow(InvoicingServiceGrpc.getIssueInvoiceMethod(), billing)
        .allow(InvoicingServiceGrpc.getRecordPaymentMethod(), billing)
        .allow(InvoicingServiceGrpc.getVoidInvoiceMethod(), billing)
        .allow(InvoicingServiceGrpc.getRecordUnbilledChargeMethod(), billing)
        .allow(InvoicingServiceGrpc.getDraftInvoiceFromUnbilledChargesMethod(), billing)
        .allow(InvoicingServiceGrpc.getSetCustomerPaymentTermsMethod(), billing)
        // Rate-limit classes (AbuseLimits), the same split.
        .classify(
            CallClass.READS,
            InvoicingServiceGrpc.getGetInvoiceMethod(),
            InvoicingServiceGrpc.getListInvoicesMethod(),
            InvoicingServiceGrpc.getListInvoicePaymentsMethod(),
            InvoicingServiceGrpc.getGetCustomerBalanceMethod(),
            InvoicingServiceGrpc.getListUnbilledChargesMethod(),
            InvoicingServiceGrpc.getGetCustomerPaymentTermsMethod())
        .classify(
            CallClass.WRITES,
            InvoicingServiceGrpc.getCreateInvoiceMethod(),
            InvoicingServiceGrpc.getAddInvoiceLineMethod(),
            InvoicingServiceGrpc.getRemoveInvoiceLineMethod(),
            InvoicingServiceGrpc.getIssueInvoiceMethod(),
            InvoicingServiceGrpc.getRecordPaymentMethod(),
            InvoicingServiceGrpc.getVoidInvoiceMethod(),
            InvoicingServiceGrpc.getRecordUnbilledChargeMethod(),
            InvoicingServiceGrpc.getDraftInvoiceFromUnbilledChargesMethod(),
            InvoicingServiceGrpc.getSetCustomerPaymentTermsMethod())
        .build();
  }
}
