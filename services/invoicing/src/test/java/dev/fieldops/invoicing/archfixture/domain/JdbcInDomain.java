package dev.fieldops.invoicing.archfixture.domain;

/** Violates domain purity: JDBC in the domain. */
public final class JdbcInDomain {
  public boolean open(java.sql.Connection connection) throws java.sql.SQLException {
    return !connection.isClosed();
  }
}
