package dev.fieldops.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
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
 * <p>Obtain one from {@link NatsConnections#connect(NatsConfig)} (connected when it returns) or
 * {@link NatsConnections#open(NatsConfig)} (connecting in the background: a service starts while
 * the broker is away). Until the first connection succeeds there is no jnats connection yet, and
 * {@link #connection()}, {@link #jetStream()} and {@link #management()} throw; code that runs
 * before NATS may have come checks {@link #isConnected()} first, or retries. Close it last, after
 * the relay and the consumers have stopped.
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
  private final JetStreamOptions jetStreamOptions;
  private final EventTracing tracing;
  private volatile Connection connection;
  private volatile JetStream jetStream;
  private volatile JetStreamManagement management;
  private volatile boolean closed;
  private volatile boolean everConnected;

  TrackedConnection(
      String name, Clock clock, JetStreamOptions jetStreamOptions, EventTracing tracing) {
    this.name = name;
    this.clock = clock;
    this.jetStreamOptions = jetStreamOptions;
    this.tracing = tracing;
    this.stateSince = new AtomicReference<>(clock.instant());
  }

  /**
   * Takes the jnats connection, once: from {@code Nats.connect} or from the first event of a
   * connection still connecting in the background (jnats hands the connection object to its
   * listener with every event, also with the DISCONNECTED of a failed first attempt, before it was
   * ever connected). It is handed out only once it has connected.
   */
  synchronized void attach(Connection candidate) {
    if (connection != null || candidate == null) {
      return;
    }
    try {
      jetStream = candidate.jetStream(jetStreamOptions);
      management = candidate.jetStreamManagement(jetStreamOptions);
    } catch (IOException e) {
      // jnats only throws this for an invalid prefix or domain in the options, which we never set.
      throw new IllegalStateException("cannot create the JetStream contexts of " + name, e);
    }
    connection = candidate;
    if (closed) {
      closeQuietly(candidate);
    }
  }

  /** Marks the connection connected when it is (for {@code Nats.connect}, which fires no event). */
  void markConnectedIfSo() {
    Connection c = connection;
    if (c != null && c.getStatus() == Connection.Status.CONNECTED) {
      changeState(ConnectionState.CONNECTED);
    }
  }

  /**
   * The spans of the events that go through this connection: the relay's publishing and the
   * consumers' processing (as messaging instrumentation hangs on the client connection).
   */
  public EventTracing tracing() {
    return tracing;
  }

  /**
   * The underlying jnats connection, for core NATS work.
   *
   * @throws IllegalStateException when it never connected yet (see the class comment)
   */
  public Connection connection() {
    Connection c = connection;
    if (c == null || !everConnected) {
      throw notYetConnected();
    }
    return c;
  }

  /**
   * The JetStream context (publish, consume) with this connection's request timeout.
   *
   * @throws IllegalStateException when it never connected yet
   */
  public JetStream jetStream() {
    connection();
    return jetStream;
  }

  /**
   * The JetStream management context (streams, consumers, messages).
   *
   * @throws IllegalStateException when it never connected yet
   */
  public JetStreamManagement management() {
    connection();
    return management;
  }

  /** Whether the connection was established at least once (it may be reconnecting now). */
  public boolean hasConnected() {
    return everConnected;
  }

  private IllegalStateException notYetConnected() {
    return new IllegalStateException("NATS connection " + name + " has not connected yet");
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

  /**
   * Flushes what is buffered (bounded by the connect timeout) and closes; idempotent. A connection
   * still connecting in the background stops trying.
   */
  @Override
  public void close() {
    Connection c;
    synchronized (this) {
      closed = true;
      c = connection;
    }
    try {
      if (c != null && c.getStatus() != Connection.Status.CLOSED) {
        closeQuietly(c);
      }
    } finally {
      changeState(ConnectionState.CLOSED);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "TrackedConnection[" + name + ", " + state.get() + "]";
  }

  /** Returns whether the state changed. */
  private boolean changeState(ConnectionState next) {
    if (next == ConnectionState.CONNECTED && closed) {
      return false;
    }
    if (next == ConnectionState.CONNECTED) {
      // Before the state, so that whoever sees CONNECTED also sees a usable connection.
      everConnected = true;
    }
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
        attach(conn);
        if (closed && type != Events.CLOSED) {
          return;
        }
        switch (type) {
          case CONNECTED -> {
            if (changeState(ConnectionState.CONNECTED)) {
              log.info("NATS connection {} connected to {}", name, conn.getConnectedUrl());
            }
          }
          case RECONNECTED -> {
            // A connection made in the background reports its first success as a reconnect.
            boolean first = !everConnected;
            if (!first) {
              reconnects.incrementAndGet();
            }
            if (changeState(ConnectionState.CONNECTED)) {
              log.info(
                  "NATS connection {} {} to {}",
                  name,
                  first ? "connected" : "reconnected",
                  conn.getConnectedUrl());
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
    Consumer<ConnectionState> wake =
        s -> {
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
