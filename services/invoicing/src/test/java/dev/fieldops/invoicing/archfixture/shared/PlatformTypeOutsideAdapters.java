package dev.fieldops.invoicing.archfixture.shared;

/** Violates the edge rule: a platform infrastructure type used outside the adapters and the bootstrap. */
public final class PlatformTypeOutsideAdapters {
  public Object tokens() {
    return dev.fieldops.grpc.paging.PageTokens.withRandomKey();
  }
}
