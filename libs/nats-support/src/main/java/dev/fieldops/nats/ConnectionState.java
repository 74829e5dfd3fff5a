package dev.fieldops.nats;

/** Where a {@link TrackedConnection} stands, as health checks and the relay see it. */
public enum ConnectionState {
  /** Connected to a server: publishing and consuming work. */
  CONNECTED,
  /** The connection was lost; the client keeps trying to get it back. */
  RECONNECTING,
  /** Closed on purpose (shutdown); it never comes back. */
  CLOSED
}
