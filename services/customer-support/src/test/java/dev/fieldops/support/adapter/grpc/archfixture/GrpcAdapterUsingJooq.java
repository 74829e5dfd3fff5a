package dev.fieldops.support.adapter.grpc.archfixture;

import org.jooq.DSLContext;

/** Breaks the adapter split: the transport adapter querying the database itself. */
public class GrpcAdapterUsingJooq {
  public int count(DSLContext sql) {
    return sql.fetchCount(sql.selectOne());
  }
}
