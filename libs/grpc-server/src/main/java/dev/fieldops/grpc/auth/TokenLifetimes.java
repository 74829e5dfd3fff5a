package dev.fieldops.grpc.auth;

import dev.fieldops.config.Environment;
import dev.fieldops.kernel.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The longest a token may be valid, per kind of principal. A bearer token cannot be revoked before
 * its {@code exp}: a stolen token, a token left in a script or a log, is a key for as long as it
 * says. So a token whose validity exceeds its kind's maximum is refused ({@code UNAUTHENTICATED},
 * reason {@code TOKEN_LIFETIME_TOO_LONG}), however correctly it is signed.
 *
 * <p>The lifetime is {@code exp - iat} (or {@code exp - nbf} without {@code iat}); whatever those
 * say, a token is also refused while it has more than the maximum left ({@code exp - now}), so a
 * token dated in the future cannot stretch its window. The verifier's clock skew is tolerated on
 * top.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Default</th><th>Why</th></tr>
 *   <tr><td>AUTH_MAX_TOKEN_LIFETIME_STAFF</td><td>24h</td><td>a working day and its
 *       overtime; people log in again</td></tr>
 *   <tr><td>AUTH_MAX_TOKEN_LIFETIME_CUSTOMER</td><td>24h</td><td>as staff</td></tr>
 *   <tr><td>AUTH_MAX_TOKEN_LIFETIME_DEVICE</td><td>30d</td><td>sensors are provisioned with a
 *       token and cannot log in interactively</td></tr>
 *   <tr><td>AUTH_MAX_TOKEN_LIFETIME_SERVICE</td><td>24h</td><td>services mint or fetch theirs
 *       automatically (customer-support renews a 15-minute token)</td></tr>
 * </table>
 *
 * Each accepts 1 minute to 365 days.
 */
public record TokenLifetimes(Duration staff, Duration customer, Duration device, Duration service) {

  private static final Duration MIN = Duration.ofMinutes(1);
  private static final Duration MAX = Duration.ofDays(365);

  public static final TokenLifetimes DEFAULTS =
      new TokenLifetimes(
          Duration.ofHours(24), Duration.ofHours(24), Duration.ofDays(30), Duration.ofHours(24));

  public TokenLifetimes {
    requireInRange("staff", staff);
    requireInRange("customer", customer);
    requireInRange("device", device);
    requireInRange("service", service);
  }

  /** Reads the variables of the table above from {@code env}. */
  public static TokenLifetimes fromEnvironment(Map<String, String> env) {
    var values = Environment.of(env);
    return new TokenLifetimes(
        values.duration(variable("staff"), DEFAULTS.staff, MIN, MAX),
        values.duration(variable("customer"), DEFAULTS.customer, MIN, MAX),
        values.duration(variable("device"), DEFAULTS.device, MIN, MAX),
        values.duration(variable("service"), DEFAULTS.service, MIN, MAX));
  }

  /** The maximum for {@code principal}'s kind. */
  public Duration maxFor(Principal principal) {
    return switch (principal) {
      case Principal.Staff ignored -> staff;
      case Principal.Customer ignored -> customer;
      case Principal.Device ignored -> device;
      case Principal.Service ignored -> service;
    };
  }

  /** The variable that sets the maximum of a kind ({@code staff}, ...), for messages. */
  public static String variable(String kind) {
    return "AUTH_MAX_TOKEN_LIFETIME_" + kind.toUpperCase(java.util.Locale.ROOT);
  }

  /** The kind's name as tokens spell it ({@code staff}, {@code customer}, ...). */
  public static String kindOf(Principal principal) {
    return switch (principal) {
      case Principal.Staff ignored -> "staff";
      case Principal.Customer ignored -> "customer";
      case Principal.Device ignored -> "device";
      case Principal.Service ignored -> "service";
    };
  }

  private static void requireInRange(String kind, Duration lifetime) {
    Objects.requireNonNull(lifetime, kind);
    if (lifetime.compareTo(MIN) < 0 || lifetime.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          variable(kind) + ": must be between 1m and 365d, got " + lifetime);
    }
  }
}
