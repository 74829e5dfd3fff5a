package dev.fieldops.grpc;

import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.exceptions.CompilationException;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The compiled validation rules (protovalidate) of a set of request types.
 *
 * <p>Compiling them is the largest part of a server's start (0.3–0.6 s for one service's API on 2
 * cores, measured 2026-12-07). A service knows its API before it has a database or a broker, so
 * {@link #compileInBackground} starts the work on a thread of its own at the beginning of a start
 * and {@link GrpcServerRunner.Builder#requestRules} takes the result when the server is built,
 * while the rest of the start (migrations checked, NATS connected) ran beside it.
 */
public final class RequestRules {

  private final Set<Descriptor> types;
  private final CompletableFuture<Validator> validator;

  private RequestRules(Set<Descriptor> types, CompletableFuture<Validator> validator) {
    this.types = types;
    this.validator = validator;
  }

  /**
   * Starts compiling the rules of every request type of the services {@code files} declare, on a
   * daemon thread; returns at once.
   */
  public static RequestRules compileInBackground(Collection<FileDescriptor> files) {
    Set<Descriptor> types = new LinkedHashSet<>();
    for (FileDescriptor file : files) {
      for (ServiceDescriptor service : file.getServices()) {
        for (MethodDescriptor method : service.getMethods()) {
          types.add(method.getInputType());
        }
      }
    }
    return new RequestRules(
        Set.copyOf(types),
        CompletableFuture.supplyAsync(
            () -> compile(types),
            work -> Thread.ofPlatform().daemon().name("request-rules").start(work)));
  }

  /** Whether these rules include every one of {@code requestTypes}. */
  boolean covers(Collection<Descriptor> requestTypes) {
    return types.containsAll(requestTypes);
  }

  /**
   * The compiled rules, once compiled.
   *
   * @throws IllegalStateException when a rule does not compile
   */
  Validator validator() {
    try {
      return validator.join();
    } catch (CompletionException e) {
      switch (e.getCause()) {
        case RuntimeException failure -> throw failure;
        case Error error -> throw error;
        default -> throw e;
      }
    }
  }

  /**
   * Compiles the rules of {@code requestTypes} now.
   *
   * @throws IllegalStateException when a rule does not compile
   */
  static Validator compile(Collection<Descriptor> requestTypes) {
    Objects.requireNonNull(requestTypes, "requestTypes");
    try {
      return ValidatorFactory.newBuilder().buildWithDescriptors(List.copyOf(requestTypes), false);
    } catch (CompilationException e) {
      throw new IllegalStateException(
          "request validation rules do not compile: " + e.getMessage(), e);
    }
  }
}
