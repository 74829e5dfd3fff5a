package dev.fieldops.workshop.domain;

import com.google.protobuf.Timestamp;

/** Breaks the domain allow-list: a protobuf type in the domain. */
public final class RepairOrderUsingProtobuf {

  public Timestamp openedAt() {
    return Timestamp.getDefaultInstance();
  }
}
