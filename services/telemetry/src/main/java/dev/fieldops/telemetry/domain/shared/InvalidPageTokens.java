package dev.fieldops.telemetry.domain.shared;

import dev.fieldops.kernel.InvalidInputException;

/** The one error every port implementation raises for a cursor it did not issue. */
public final class InvalidPageTokens {

  private InvalidPageTokens() {}

  public static InvalidInputException invalid() {
    return InvalidInputException.of(
        "INVALID_PAGE_TOKEN", "page_token", "is not a token this list returned");
  }
}
