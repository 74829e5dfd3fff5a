package dev.fieldops.grpc;

import dev.fieldops.kernel.Principal;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Method-level authorization of one service, declared in one place and denying by default:
 *
 * <pre>{@code
 * import static dev.fieldops.grpc.Allow.*;
 * import static dev.fieldops.kernel.Principal.Role.*;
 *
 * MethodPolicy policy = MethodPolicy.builder()
 *     .allow(CustomerSupportServiceGrpc.getCreateTicketMethod(),
 *         staff(SUPPORT_AGENT, ADMIN), customer(), service("telemetry"))
 *     .allow(CustomerSupportServiceGrpc.getCloseTicketMethod(), staff(SUPPORT_AGENT, ADMIN))
 *     .classify(CallClass.WRITES, CustomerSupportServiceGrpc.getCreateTicketMethod(),
 *         CustomerSupportServiceGrpc.getCloseTicketMethod())
 *     .build();
 * }</pre>
 *
 * <p>A method without a rule is denied to everyone, and {@link GrpcServerRunner} refuses to start
 * when a registered service has a method without a rule (or the policy names a method that no
 * registered service has), so a new RPC cannot silently be left open or closed by omission.
 *
 * <p>Each method also has a {@link CallClass} (reads, writes, ingest, watch) that picks its
 * per-principal rate limit; an unclassified method counts as {@link CallClass#WRITES}, and each
 * service's policy test checks that {@link #unclassified} is empty.
 */
public final class MethodPolicy {

  private final Map<String, List<Allow>> rules;
  private final Map<String, CallClass> classes;

  private MethodPolicy(Map<String, List<Allow>> rules, Map<String, CallClass> classes) {
    this.rules = Map.copyOf(rules);
    this.classes = Map.copyOf(classes);
  }

  /** The class of a method: as declared, {@link CallClass#WRITES} when none is. */
  public CallClass callClass(String fullMethodName) {
    return classes.getOrDefault(fullMethodName, CallClass.WRITES);
  }

  /** The methods of this policy that have no declared {@link CallClass}, sorted. */
  public Set<String> unclassified() {
    Set<String> missing = new TreeSet<>(rules.keySet());
    missing.removeAll(classes.keySet());
    return missing;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code principal} may call the method ({@code package.Service/Method}). */
  public boolean allows(String fullMethodName, Principal principal) {
    List<Allow> rule = rules.get(fullMethodName);
    if (rule == null) {
      return false;
    }
    for (Allow allow : rule) {
      if (allow.permits(principal)) {
        return true;
      }
    }
    return false;
  }

  /** The rule of a method, if one is declared. */
  public Optional<List<Allow>> rule(String fullMethodName) {
    return Optional.ofNullable(rules.get(fullMethodName));
  }

  /** The methods this policy has rules for. */
  public Set<String> methods() {
    return rules.keySet();
  }

  /**
   * Fails when a method of {@code services} has no rule, or a rule names a method none of them has
   * (a typo, or an RPC that was removed).
   *
   * @throws IllegalStateException listing every such method
   */
  public void requireExactlyCovers(Collection<ServerServiceDefinition> services) {
    Set<String> served = new HashSet<>();
    for (ServerServiceDefinition service : services) {
      for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
        served.add(method.getMethodDescriptor().getFullMethodName());
      }
    }
    Set<String> missing = new TreeSet<>(served);
    missing.removeAll(rules.keySet());
    Set<String> unknown = new TreeSet<>(rules.keySet());
    unknown.addAll(classes.keySet());
    unknown.removeAll(served);
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add("methods without an authorization rule: " + String.join(", ", missing));
    }
    if (!unknown.isEmpty()) {
      problems.add("rules for methods no registered service has: " + String.join(", ", unknown));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "method policy does not match the services: " + String.join("; ", problems));
    }
  }

  /** Collects rules; each method may be named once. */
  public static final class Builder {

    private final Map<String, List<Allow>> rules = new LinkedHashMap<>();
    private final Map<String, CallClass> classes = new LinkedHashMap<>();

    private Builder() {}

    public Builder allow(MethodDescriptor<?, ?> method, Allow first, Allow... more) {
      return allow(method.getFullMethodName(), first, more);
    }

    /** A rule by full method name, {@code fieldops.support.v1.CustomerSupportService/GetTicket}. */
    public Builder allow(String fullMethodName, Allow first, Allow... more) {
      if (MethodDescriptor.extractFullServiceName(fullMethodName) == null) {
        throw new IllegalArgumentException(
            "not a full method name (package.Service/Method): " + fullMethodName);
      }
      if (PlatformMethods.isPublic(fullMethodName)) {
        throw new IllegalArgumentException(fullMethodName + " is public; it needs no rule");
      }
      List<Allow> rule = new ArrayList<>();
      rule.add(Objects.requireNonNull(first, "first"));
      rule.addAll(List.of(more));
      if (rules.putIfAbsent(fullMethodName, List.copyOf(rule)) != null) {
        throw new IllegalArgumentException(
            "a rule for " + fullMethodName + " is already declared; declare each method once");
      }
      return this;
    }

    /** Declares the {@link CallClass} of methods; each method may be classified once. */
    public Builder classify(CallClass callClass, MethodDescriptor<?, ?>... methods) {
      Objects.requireNonNull(callClass, "callClass");
      for (MethodDescriptor<?, ?> method : methods) {
        classify(callClass, method.getFullMethodName());
      }
      return this;
    }

    /** As {@link #classify(CallClass, MethodDescriptor[])}, by full method name. */
    public Builder classify(CallClass callClass, String fullMethodName) {
      if (classes.putIfAbsent(fullMethodName, Objects.requireNonNull(callClass, "callClass"))
          != null) {
        throw new IllegalArgumentException(
            fullMethodName + " is already classified; classify each method once");
      }
      return this;
    }

    public MethodPolicy build() {
      return new MethodPolicy(rules, classes);
    }
  }
}
