package dev.fieldops.telemetry.archfixture.shared;

import com.google.protobuf.Timestamp;

/** Breaks "only adapters and bootstrap use contract or infrastructure types". */
public final class ProtobufOutsideTheAdapters {
  public Timestamp epoch() {
    return Timestamp.getDefaultInstance();
  }
}
