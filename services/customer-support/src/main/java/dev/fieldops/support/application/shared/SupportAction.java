package dev.fieldops.support.application.shared;

/**
 * Everything a caller can ask of customer support, as far as access rules are concerned. Support
 * staff ({@code support_agent}, {@code admin}) and support's own automation may do everything but
 * {@link #SCAN_SLA}, which is for the automation and admins; a customer may do only what is marked
 * {@code customerMay}, and only on its own data.
 */
public enum SupportAction {
  READ(true),
  /** Internal ticket notes and the agents' notes on a support profile. */
  READ_INTERNAL_NOTES(false),
  OPEN_TICKET(true),
  OPEN_ALERT_TICKET(false),
  ADD_PUBLIC_COMMENT(true),
  ADD_INTERNAL_NOTE(false),
  UPDATE_TICKET(false),
  ASSIGN_TICKET(false),
  MARK_TICKET_PENDING(false),
  RESUME_TICKET(false),
  RESOLVE_TICKET(false),
  CLOSE_TICKET(false),
  REOPEN_TICKET(false),
  UPDATE_CUSTOMER_SUPPORT_DETAILS(false),
  SCAN_SLA(false);

  private final boolean customerMay;

  SupportAction(boolean customerMay) {
    this.customerMay = customerMay;
  }

  public boolean customerMay() {
    return customerMay;
  }
}
