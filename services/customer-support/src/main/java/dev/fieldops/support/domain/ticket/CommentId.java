package dev.fieldops.support.domain.ticket;

import java.util.Objects;
import java.util.UUID;

/** The server-assigned, time-ordered (UUIDv7) identity of a ticket comment. */
public record CommentId(UUID value) {

  public CommentId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
