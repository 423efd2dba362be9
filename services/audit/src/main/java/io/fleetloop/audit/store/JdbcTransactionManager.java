package io.fleetloop.audit.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.ConnectionWrapperFactory;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Plain-JDBC transactions for Axon without Spring: a transaction binds one connection to the
 * thread; every Axon component that asks this {@link ConnectionProvider} for a connection on that
 * thread (the event storage engine, the token store, the projections) gets the same one, so an
 * append with its hash-chain lock, or a projection update with its token, commits or rolls back as
 * one. A transaction started inside another joins it.
 */
public final class JdbcTransactionManager implements TransactionManager, ConnectionProvider {

  private final DataSource dataSource;
  private final ThreadLocal<Bound> current = new ThreadLocal<>();

  private static final class Bound {
    final Connection connection;
    boolean rollbackOnly;

    Bound(Connection connection) {
      this.connection = connection;
    }
  }

  public JdbcTransactionManager(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Transaction startTransaction() {
    Bound outer = current.get();
    if (outer != null) {
      return new Transaction() {
        @Override
        public void commit() {}

        @Override
        public void rollback() {
          outer.rollbackOnly = true;
        }
      };
    }
    Connection connection;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new StoreException("cannot begin a transaction: " + e.getMessage(), e);
    }
    Bound bound = new Bound(connection);
    current.set(bound);
    return new Transaction() {
      @Override
      public void commit() {
        try {
          if (bound.rollbackOnly) {
            connection.rollback();
            throw new StoreException("transaction was marked rollback-only", null);
          }
          connection.commit();
        } catch (SQLException e) {
          throw new StoreException("commit failed: " + e.getMessage(), e);
        } finally {
          release(bound);
        }
      }

      @Override
      public void rollback() {
        try {
          connection.rollback();
        } catch (SQLException e) {
          throw new StoreException("rollback failed: " + e.getMessage(), e);
        } finally {
          release(bound);
        }
      }
    };
  }

  private void release(Bound bound) {
    current.remove();
    try {
      bound.connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the pool resets or evicts it
    }
    try {
      bound.connection.close();
    } catch (SQLException ignored) {
      // nothing to do
    }
  }

  /** True when this thread is inside a transaction. */
  public boolean inTransaction() {
    return current.get() != null;
  }

  /**
   * The thread's transaction connection (closing it is a no-op), or a new auto-commit connection
   * when no transaction is active (the caller closes it).
   */
  @Override
  public Connection getConnection() throws SQLException {
    Bound bound = current.get();
    if (bound != null) {
      return ConnectionWrapperFactory.wrap(
          bound.connection, new ConnectionWrapperFactory.NoOpCloseHandler());
    }
    return dataSource.getConnection();
  }
}
