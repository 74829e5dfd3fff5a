package dev.fieldops.telemetry.archfixture.domain;

import com.google.protobuf.Timestamp;

/** Breaks domain purity with a protobuf type. */
public final class ProtobufInTheDomain {
  private Timestamp observeTime;

  public boolean observed() {
    return observeTime != null;
  }
}
