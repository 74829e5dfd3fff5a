package dev.fieldops.nats;

import dev.fieldops.config.Environment;
import java.util.Locale;
import java.util.Map;

/**
 * What a service may do to its own stream ({@value #VARIABLE}).
 *
 * <ul>
 *   <li>{@link #CREATE} (the default, and what {@code ./fieldops up} uses): the service creates its
 *       stream when missing, with the {@link StreamSettings}, and otherwise only verifies it, as in
 *       VERIFY: it never updates an existing stream; it needs the right to create streams ({@code
 *       $JS.API.STREAM.CREATE.<stream>}).
 *   <li>{@link #VERIFY}: streams are infrastructure an operator creates ({@code ./fieldops stream
 *       create}); the service only reads the stream's configuration. A missing stream, or one that
 *       cannot hold the events as declared (subjects, storage, retention), turns the service's
 *       readiness and {@code fieldops.events} NOT_SERVING with the reason; replicas or limits that
 *       differ from the settings only turn {@code fieldops.events} NOT_SERVING (events flow). The
 *       service looks again every few seconds, so it turns SERVING once the operator has created or
 *       fixed the stream. The service's NATS identity then needs no stream administration rights.
 * </ul>
 *
 * A service in CREATE mode whose identity may not create streams reports the refusal the same way
 * (stream MISSING, with the server's permission error) and keeps trying; VERIFY says up front that
 * nobody expects it to create anything, and never rewrites a stream an operator tuned.
 */
public enum StreamMode {
  CREATE,
  VERIFY;

  public static final String VARIABLE = "EVENTS_STREAM_MODE";

  /** Reads {@value #VARIABLE}: {@code create} (default) or {@code verify}. */
  public static StreamMode fromEnvironment(Map<String, String> env) {
    return Environment.of(env)
        .value(
            VARIABLE,
            "create or verify",
            raw ->
                switch (raw.toLowerCase(Locale.ROOT)) {
                  case "create" -> CREATE;
                  case "verify" -> VERIFY;
                  default -> throw new IllegalArgumentException(raw);
                })
        .orElse(CREATE);
  }
}
