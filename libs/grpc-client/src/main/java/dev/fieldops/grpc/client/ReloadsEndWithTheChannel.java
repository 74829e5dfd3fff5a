package dev.fieldops.grpc.client;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ForwardingChannelBuilder2;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TLS channel whose periodic checks of its CA and certificate files end when it is shut down:
 * they run on one thread for the whole JVM, and a channel that went away would otherwise keep its
 * checks (and their errors once the files are deleted) for as long as the JVM lives.
 */
final class ReloadsEndWithTheChannel extends ManagedChannel {

  private final ManagedChannel channel;
  private final List<Closeable> reloads;
  private final AtomicBoolean ended = new AtomicBoolean();

  private ReloadsEndWithTheChannel(ManagedChannel channel, List<Closeable> reloads) {
    this.channel = channel;
    this.reloads = reloads;
  }

  /** A channel builder whose channel ends {@code reloads} when it is shut down. */
  static final class Builder extends ForwardingChannelBuilder2<Builder> {

    private final ManagedChannelBuilder<?> builder;
    private final List<Closeable> reloads;

    Builder(ManagedChannelBuilder<?> builder, List<Closeable> reloads) {
      this.builder = builder;
      this.reloads = reloads;
    }

    @Override
    protected ManagedChannelBuilder<?> delegate() {
      return builder;
    }

    @Override
    public ManagedChannel build() {
      return new ReloadsEndWithTheChannel(builder.build(), reloads);
    }
  }

  /** Ends every check of {@code reloads}. */
  static void closeAll(List<Closeable> reloads) {
    for (Closeable reload : reloads) {
      try {
        reload.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void endReloads() {
    if (ended.compareAndSet(false, true)) {
      closeAll(reloads);
    }
  }

  @Override
  public ManagedChannel shutdown() {
    channel.shutdown();
    endReloads();
    return this;
  }

  @Override
  public ManagedChannel shutdownNow() {
    channel.shutdownNow();
    endReloads();
    return this;
  }

  @Override
  public boolean isShutdown() {
    return channel.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return channel.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return channel.awaitTermination(timeout, unit);
  }

  @Override
  public <RequestT, ResponseT> ClientCall<RequestT, ResponseT> newCall(
      MethodDescriptor<RequestT, ResponseT> method, CallOptions callOptions) {
    return channel.newCall(method, callOptions);
  }

  @Override
  public String authority() {
    return channel.authority();
  }

  @Override
  public ConnectivityState getState(boolean requestConnection) {
    return channel.getState(requestConnection);
  }

  @Override
  public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
    channel.notifyWhenStateChanged(source, callback);
  }

  @Override
  public void resetConnectBackoff() {
    channel.resetConnectBackoff();
  }

  @Override
  public void enterIdle() {
    channel.enterIdle();
  }

  @Override
  public String toString() {
    return channel.toString();
  }
}
