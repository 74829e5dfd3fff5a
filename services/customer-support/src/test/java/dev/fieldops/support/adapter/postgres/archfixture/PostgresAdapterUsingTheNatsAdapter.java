package dev.fieldops.support.adapter.postgres.archfixture;

import dev.fieldops.support.adapter.nats.SupportEventMapper;

/** Breaks the adapter split: the database adapter building its own NATS event mapper. */
public class PostgresAdapterUsingTheNatsAdapter {
  public SupportEventMapper events() {
    return SupportEventMapper.withoutTracing();
  }
}
