package dev.fieldops.workshop.shared;

import com.google.protobuf.Timestamp;

/** Breaks the edge rule: a package that is neither adapter nor bootstrap uses a protobuf type. */
public final class ProtobufOutsideTheAdapters {

  public Timestamp epoch() {
    return Timestamp.getDefaultInstance();
  }
}
