package dev.fieldops.grpc;

import dev.fieldops.kernel.InvalidInputException;
import dev.fieldops.kernel.InvalidInputException.FieldViolation;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns the field names a domain reports into request paths. A domain knows its own fields ({@code
 * subject}, {@code lines[2].unit_price}) and nothing of the message that carried them; the gRPC
 * adapter knows where the resource sits in the request ({@code ticket.}) and which fields belong to
 * the request itself ({@code request_id}, {@code update_mask}), which keep their name. Every
 * service translates through this one rule, so a client reads the same paths everywhere.
 */
public final class FieldPaths {

  private FieldPaths() {}

  /**
   * Runs {@code work}; an {@link InvalidInputException} it throws is rethrown with every field that
   * is neither in {@code requestFields} nor already under {@code resourcePath} put under it.
   *
   * @param resourcePath the resource's path in the request, ending with a dot ({@code "ticket."})
   * @param requestFields the request's own fields, reported as they are
   */
  public static <T> T underResource(
      String resourcePath, Set<String> requestFields, Supplier<T> work) {
    Objects.requireNonNull(resourcePath, "resourcePath");
    Objects.requireNonNull(requestFields, "requestFields");
    try {
      return work.get();
    } catch (InvalidInputException e) {
      throw prefixed(e, resourcePath, requestFields);
    }
  }

  /** {@code e} with its fields put under {@code resourcePath}, as {@link #underResource} does. */
  public static InvalidInputException prefixed(
      InvalidInputException e, String resourcePath, Set<String> requestFields) {
    if (!resourcePath.endsWith(".")) {
      throw new IllegalArgumentException("a resource path ends with a dot: " + resourcePath);
    }
    var violations =
        e.violations().stream()
            .map(
                v ->
                    requestFields.contains(v.field()) || v.field().startsWith(resourcePath)
                        ? v
                        : new FieldViolation(resourcePath + v.field(), v.description()))
            .toList();
    var moved = new InvalidInputException(e.reason(), violations);
    moved.setStackTrace(e.getStackTrace());
    return moved;
  }
}
