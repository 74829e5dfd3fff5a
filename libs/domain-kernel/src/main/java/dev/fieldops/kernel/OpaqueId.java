package dev.fieldops.kernel;

/**
 * The shape of every opaque id FieldOps takes from outside or mints itself as text (customers,
 * devices, alerts, invoices): 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9_-]}.
 *
 * <p>One check for all of them, and a loop rather than a regular expression: ids are checked in
 * every value object built from a row, and a page of 50 tickets builds hundreds (a matcher per id
 * was 4 % of {@code ListTickets}' CPU in a profile).
 */
public final class OpaqueId {

  /** The longest id, in characters. */
  public static final int MAX_LENGTH = 64;

  /** What a violation says about the shape (for an {@code InvalidInputException}'s message). */
  public static final String RULE = "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'";

  private OpaqueId() {}

  /** Whether {@code text} is 1 to 64 characters of {@code [A-Za-z0-9_-]}; false for null. */
  public static boolean isWellFormed(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!allowed(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }
}
