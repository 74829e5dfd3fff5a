package dev.fieldops.grpc.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.fieldops.grpc.auth.InvalidTokenException.Reason;
import dev.fieldops.kernel.OpaqueId;
import dev.fieldops.kernel.Principal;
import dev.fieldops.kernel.Principal.Role;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one mapping between FieldOps principals and JWT claims, used both to mint and to verify, so
 * the two can never drift apart.
 *
 * <ul>
 *   <li>{@code kind}: {@code staff}, {@code customer}, {@code device} or {@code service};
 *   <li>staff: {@code roles}, a non-empty array of {@code support_agent}, {@code billing_clerk},
 *       {@code telemetry_operator}, {@code admin};
 *   <li>customer: {@code customer_id}; device: {@code device_id}; service: {@code context}.
 * </ul>
 */
public final class PrincipalClaims {

  public static final String KIND = "kind";
  public static final String ROLES = "roles";
  public static final String CUSTOMER_ID = "customer_id";
  public static final String DEVICE_ID = "device_id";
  public static final String CONTEXT = "context";

  static final Pattern CONTEXT_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  private static final int MAX_SUBJECT_LENGTH = 256;

  private PrincipalClaims() {}

  /** The claim spelling of a staff role ({@code SUPPORT_AGENT} → {@code support_agent}). */
  public static String roleName(Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  /** The role a claim value names, if any. */
  public static Optional<Role> roleNamed(String name) {
    for (Role role : Role.values()) {
      if (roleName(role).equals(name)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** Adds {@code sub} and the principal's claims to {@code claims}. */
  public static JWTClaimsSet.Builder write(Principal principal, JWTClaimsSet.Builder claims) {
    claims.subject(principal.subject());
    switch (principal) {
      case Principal.Staff staff -> {
        List<String> roles = new ArrayList<>();
        for (Role role : Role.values()) {
          if (staff.roles().contains(role)) {
            roles.add(roleName(role));
          }
        }
        claims.claim(KIND, "staff").claim(ROLES, roles);
      }
      case Principal.Customer customer ->
          claims.claim(KIND, "customer").claim(CUSTOMER_ID, customer.customerId());
      case Principal.Device device ->
          claims.claim(KIND, "device").claim(DEVICE_ID, device.deviceId());
      case Principal.Service service ->
          claims.claim(KIND, "service").claim(CONTEXT, service.context());
    }
    return claims;
  }

  /**
   * Reads the principal from verified claims.
   *
   * @throws InvalidTokenException (TOKEN_INVALID) when a claim is missing or malformed
   */
  public static Principal read(JWTClaimsSet claims) throws InvalidTokenException {
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH) {
      throw invalid("sub is missing or too long");
    }
    String kind = string(claims, KIND);
    return switch (kind) {
      case "staff" -> new Principal.Staff(subject, roles(claims));
      case "customer" ->
          new Principal.Customer(subject, matching(claims, CUSTOMER_ID, OpaqueId::isWellFormed));
      case "device" ->
          new Principal.Device(subject, matching(claims, DEVICE_ID, OpaqueId::isWellFormed));
      case "service" ->
          new Principal.Service(
              subject, matching(claims, CONTEXT, CONTEXT_NAME.asMatchPredicate()));
      default -> throw invalid("unknown kind '" + kind + "'");
    };
  }

  private static Set<Role> roles(JWTClaimsSet claims) throws InvalidTokenException {
    List<String> names;
    try {
      names = claims.getStringListClaim(ROLES);
    } catch (ParseException e) {
      throw invalid("roles is not an array of strings");
    }
    if (names == null || names.isEmpty()) {
      throw invalid("a staff token needs at least one role");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      roles.add(roleNamed(name).orElseThrow(() -> invalid("unknown role '" + name + "'")));
    }
    return roles;
  }

  /** The claim's value; customer and device ids are opaque ids ({@link OpaqueId}). */
  private static String matching(JWTClaimsSet claims, String name, Predicate<String> wellFormed)
      throws InvalidTokenException {
    String value = string(claims, name);
    if (!wellFormed.test(value)) {
      throw invalid(name + " is malformed");
    }
    return value;
  }

  private static String string(JWTClaimsSet claims, String name) throws InvalidTokenException {
    try {
      String value = claims.getStringClaim(name);
      if (value == null || value.isEmpty()) {
        throw invalid(name + " is missing");
      }
      return value;
    } catch (ParseException e) {
      throw invalid(name + " is not a string");
    }
  }

  private static InvalidTokenException invalid(String why) {
    return new InvalidTokenException(Reason.TOKEN_INVALID, "token claims rejected: " + why);
  }
}
