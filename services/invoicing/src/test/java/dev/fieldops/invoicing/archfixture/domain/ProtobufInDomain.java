package dev.fieldops.invoicing.archfixture.domain;

/** Violates domain purity: a protobuf type in the domain. */
public final class ProtobufInDomain {
  public com.google.protobuf.Timestamp issueTime() {
    return com.google.protobuf.Timestamp.getDefaultInstance();
  }
}
