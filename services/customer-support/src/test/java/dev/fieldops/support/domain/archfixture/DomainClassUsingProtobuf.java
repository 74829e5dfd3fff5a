package dev.fieldops.support.domain.archfixture;

import com.google.protobuf.Timestamp;

/** Breaks domain purity: holds a wire-format timestamp. */
public class DomainClassUsingProtobuf {
  public Timestamp dueTime() {
    return Timestamp.getDefaultInstance();
  }
}
