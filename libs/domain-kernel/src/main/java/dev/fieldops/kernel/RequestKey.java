package dev.fieldops.kernel;

import java.util.Arrays;
import java.util.Objects;

/**
 * What makes a client's request safe to send again: the {@code request_id} it chose and the
 * request's own bytes as they came over the wire. A retry with the same id and the same bytes (from
 * the same caller) gets the first call's response; the same id with other bytes is refused. A blank
 * id means the client asked for no idempotency: the command simply runs.
 *
 * @param requestId the client's request id, blank for none
 * @param request the wire request, the fingerprint's content (copied)
 */
public record RequestKey(String requestId, byte[] request) {

  public RequestKey {
    Objects.requireNonNull(requestId, "requestId");
    request = request.clone();
  }

  /** The wire request's bytes (a copy). */
  @Override
  public byte[] request() {
    return request.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RequestKey key
        && requestId.equals(key.requestId)
        && Arrays.equals(request, key.request);
  }

  @Override
  public int hashCode() {
    return 31 * requestId.hashCode() + Arrays.hashCode(request);
  }

  @Override
  public String toString() {
    return "RequestKey[requestId=" + requestId + ", request=" + request.length + " bytes]";
  }
}
