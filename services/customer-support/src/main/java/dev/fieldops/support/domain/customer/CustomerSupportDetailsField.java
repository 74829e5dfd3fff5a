package dev.fieldops.support.domain.customer;

import dev.fieldops.kernel.InvalidInputException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The client-writable fields of a support profile, named by their update-mask paths. Everything
 * else (customer id, version, times, read-model counts) is server-owned and cannot be masked in.
 */
public enum CustomerSupportDetailsField {
  CONTACT_NAME("contact_name"),
  EMAIL("email"),
  PHONE("phone"),
  SUPPORT_TIER("support_tier"),
  NOTES("notes");

  private final String path;

  CustomerSupportDetailsField(String path) {
    this.path = path;
  }

  /** The update-mask path of this field. */
  public String path() {
    return path;
  }

  /**
   * The fields named by update-mask paths; {@code "*"} names every writable field (AIP-134 full
   * replacement).
   *
   * @throws InvalidInputException {@code INVALID_UPDATE_MASK} on {@code update_mask} when a path is
   *     unknown or names a server-owned field
   */
  public static Set<CustomerSupportDetailsField> fromPaths(Collection<String> paths) {
    var fields = EnumSet.noneOf(CustomerSupportDetailsField.class);
    for (String path : paths) {
      if (path.equals("*")) {
        fields.addAll(EnumSet.allOf(CustomerSupportDetailsField.class));
        continue;
      }
      fields.add(
          EnumSet.allOf(CustomerSupportDetailsField.class).stream()
              .filter(field -> field.path.equals(path))
              .findFirst()
              .orElseThrow(
                  () ->
                      InvalidInputException.of(
                          "INVALID_UPDATE_MASK",
                          "update_mask",
                          "'" + path + "' is not a writable field of customer support details")));
    }
    return fields;
  }
}
