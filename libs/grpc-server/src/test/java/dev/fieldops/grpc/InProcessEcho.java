package dev.fieldops.grpc;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The echo service behind the real chain on an in-process transport. */
final class InProcessEcho implements AutoCloseable {

  static final String ERROR_DOMAIN = "echo.fieldops.dev";

  final EchoService service = new EchoService();
  final GrpcServerRunner runner;
  final ManagedChannel channel;

  InProcessEcho(TestAuth auth, Map<String, String> env) {
    String name = InProcessServerBuilder.generateName();
    try {
      runner =
          GrpcServerRunner.builder(
                  GrpcServerConfig.fromEnvironment(env, 0), auth.verifier, ERROR_DOMAIN)
              .addService(service)
              .methodPolicy(EchoPolicy.POLICY)
              .build()
              .start(InProcessServerBuilder.forName(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    runner.markServing();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      runner.close();
    }
  }
}
