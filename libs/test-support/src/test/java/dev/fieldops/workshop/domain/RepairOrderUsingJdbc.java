package dev.fieldops.workshop.domain;

import java.sql.Connection;

/** Breaks the domain allow-list: JDBC is in the JDK but is infrastructure. */
public final class RepairOrderUsingJdbc {

  public void save(Connection connection) {}
}
