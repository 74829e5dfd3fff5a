package dev.fieldops.nats;

/**
 * The JetStream API error codes ({@code JetStreamApiException#getApiErrorCode()}) the platform acts
 * on, named once for the provisioner, the consumers and the relay.
 */
public final class JetStreamErrors {

  /** "stream not found". */
  public static final int STREAM_NOT_FOUND = 10059;

  /** "stream name already in use": another instance created it first. */
  public static final int STREAM_NAME_IN_USE = 10058;

  /** "consumer not found". */
  public static final int CONSUMER_NOT_FOUND = 10014;

  /** "no message found": no message is stored at the sequence asked for. */
  public static final int NO_MESSAGE_FOUND = 10037;

  /** "replicas > 1 not supported in non-clustered mode". */
  public static final int REPLICAS_NOT_SUPPORTED = 10074;

  /** "insufficient resources": fewer JetStream servers (up) than replicas. */
  public static final int INSUFFICIENT_RESOURCES = 10023;

  /** "no suitable peers for placement": more replicas than the cluster has servers. */
  public static final int NO_SUITABLE_PEERS = 10005;

  private JetStreamErrors() {}
}
