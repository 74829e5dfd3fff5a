package dev.fieldops.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NATS connection that reconnects forever and remembers how it is doing: its {@link
 * ConnectionState}, when that last changed, how often it reconnected and the last asynchronous
 * error. Components that must react to an outage (the outbox relay reconciles after every
 * reconnect) register a listener instead of installing their own, since jnats accepts only one.
 *
 * <p>Obtain one from {@link NatsConnections#connect(NatsConfig)}; close it last, after the relay
 * and the consumers have stopped.
 */
public final class TrackedConnection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TrackedConnection.class);

  private final String name;
  private final Clock clock;
  private final AtomicReference<ConnectionState> state =
      new AtomicReference<>(ConnectionState.RECONNECTING);
  private final AtomicReference<Instant> stateSince;
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final AtomicLong reconnects = new AtomicLong();
  private final List<Consumer<ConnectionState>> listeners = new CopyOnWriteArrayList<>();
  private volatile Connection connection;
  private volatile JetStream jetStream;
  private volatile JetStreamManagement management;

  TrackedConnection(String name, Clock clock) {
    this.name = name;
    this.clock = clock;
    this.stateSince = new AtomicReference<>(clock.instant());
  }

  void attach(Connection connection, JetStream jetStream, JetStreamManagement management) {
    this.connection = connection;
    this.jetStream = jetStream;
    this.management = management;
    if (connection.getStatus() == Connection.Status.CONNECTED) {
      changeState(ConnectionState.CONNECTED);
    }
  }

  /** The underlying jnats connection, for core NATS work. */
  public Connection connection() {
    return connection;
  }

  /** The JetStream context (publish, consume) with this connection's request timeout. */
  public JetStream jetStream() {
    return jetStream;
  }

  /** The JetStream management context (streams, consumers, messages). */
  public JetStreamManagement management() {
    return management;
  }

  public ConnectionState state() {
    return state.get();
  }

  /** When the current {@link #state()} began. */
  public Instant stateSince() {
    return stateSince.get();
  }

  public boolean isConnected() {
    return state.get() == ConnectionState.CONNECTED;
  }

  /** How many times the connection came back after a loss. */
  public long reconnectCount() {
    return reconnects.get();
  }

  /** The last asynchronous error reported by the client or the server, if any. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError.get());
  }

  /**
   * Calls {@code listener} with every later state change, on a client thread: it must return
   * quickly and never block on NATS.
   */
  public void addStateListener(Consumer<ConnectionState> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeStateListener(Consumer<ConnectionState> listener) {
    listeners.remove(listener);
  }

  /** Flushes what is buffered (bounded by the connect timeout) and closes; idempotent. */
  @Override
  public void close() {
    Connection c = connection;
    if (c == null || c.getStatus() == Connection.Status.CLOSED) {
      changeState(ConnectionState.CLOSED);
      return;
    }
    try {
      c.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      changeState(ConnectionState.CLOSED);
    }
  }

  @Override
  public String toString() {
    return "TrackedConnection[" + name + ", " + state.get() + "]";
  }

  /** Returns whether the state changed. */
  private boolean changeState(ConnectionState next) {
    ConnectionState previous = state.getAndSet(next);
    if (previous == next) {
      return false;
    }
    stateSince.set(clock.instant());
    for (Consumer<ConnectionState> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        log.warn("a NATS connection state listener failed", e);
      }
    }
    return true;
  }

  ConnectionListener connectionListener() {
    return new ConnectionListener() {
      @Override
      @SuppressWarnings("deprecation")
      public void connectionEvent(Connection conn, Events type) {
        connectionEvent(conn, type, null, null);
      }

      @Override
      public void connectionEvent(Connection conn, Events type, Long time, String uriDetails) {
        switch (type) {
          case CONNECTED -> {
            if (changeState(ConnectionState.CONNECTED)) {
              log.info("NATS connection {} connected to {}", name, conn.getConnectedUrl());
            }
          }
          case RECONNECTED -> {
            reconnects.incrementAndGet();
            if (changeState(ConnectionState.CONNECTED)) {
              log.info("NATS connection {} reconnected to {}", name, conn.getConnectedUrl());
            }
          }
          // jnats reports DISCONNECTED again for every failed reconnect attempt.
          case DISCONNECTED -> {
            if (changeState(ConnectionState.RECONNECTING)) {
              log.warn("NATS connection {} lost; reconnecting", name);
            }
          }
          case CLOSED -> {
            if (changeState(ConnectionState.CLOSED)) {
              log.info("NATS connection {} closed", name);
            }
          }
          case LAME_DUCK -> log.warn("NATS server of connection {} entered lame duck mode", name);
          default -> log.debug("NATS connection {}: {}", name, type);
        }
      }
    };
  }

  ErrorListener errorListener() {
    return new ErrorListener() {
      @Override
      public void errorOccurred(Connection conn, String error) {
        lastError.set(error);
        log.warn("NATS connection {} error: {}", name, error);
      }

      @Override
      public void exceptionOccurred(Connection conn, Exception exp) {
        lastError.set(exp.toString());
        // Connection refusals repeat on every reconnect attempt; one line each is enough.
        if (exp instanceof IOException) {
          log.debug("NATS connection {} I/O failure", name, exp);
        } else {
          log.warn("NATS connection {} failure", name, exp);
        }
      }

      @Override
      public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
        lastError.set("slow consumer");
        log.warn("NATS connection {}: slow consumer, messages were dropped", name);
      }
    };
  }

  /** Waits until the state is {@link ConnectionState#CONNECTED}; false on timeout. */
  public boolean awaitConnected(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    Object monitor = new Object();
    Consumer<ConnectionState> wake = s -> {
      synchronized (monitor) {
        monitor.notifyAll();
      }
    };
    addStateListener(wake);
    try {
      synchronized (monitor) {
        while (!isConnected()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        }
        return true;
      }
    } finally {
      removeStateListener(wake);
    }
  }
}
