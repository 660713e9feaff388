package io.bankledger.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bankledger.cli.load.CommandSender;
import io.bankledger.protocol.AccountStatus;
import io.bankledger.protocol.AccountView;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * B, the baseline: what a user who wants safe transfers would otherwise run — the same transfers
 * applied directly to one PostgreSQL, one transaction per transfer: lock both accounts in a fixed
 * order, check funds, update both, insert the two history rows. One worker thread per pooled
 * connection, so the pool size is the concurrency.
 *
 * <p>It implements the load generator's {@link CommandSender}, so S and B are driven by the same
 * generator, schedule and latency recorder.
 */
public final class PostgresBaseline implements CommandSender, AutoCloseable {

    private static final String SCHEMA = """
            DROP TABLE IF EXISTS baseline_history;
            DROP TABLE IF EXISTS baseline_accounts;
            CREATE TABLE baseline_accounts (
                account_id    text PRIMARY KEY,
                currency      char(3) NOT NULL,
                balance_minor bigint NOT NULL CHECK (balance_minor >= 0)
            );
            CREATE TABLE baseline_history (
                id                      bigserial PRIMARY KEY,
                command_id              uuid NOT NULL,
                account_id              text NOT NULL REFERENCES baseline_accounts (account_id),
                amount_minor            bigint NOT NULL,
                balance_after_minor     bigint NOT NULL,
                counterparty_account_id text NOT NULL,
                at                      timestamptz NOT NULL DEFAULT now()
            -- Vacuumed as the nodes' append-only tables are (migration V14): the two systems differ
            -- in what they do, not in how their PostgreSQL is tuned.
            ) WITH (autovacuum_vacuum_insert_threshold = 10000, autovacuum_vacuum_insert_scale_factor = 0,
                    autovacuum_freeze_min_age = 0, autovacuum_analyze_threshold = 500000);
            """;

    private final HikariDataSource pool;
    private final ExecutorService workers;

    public PostgresBaseline(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setAutoCommit(false);
        config.setPoolName("baseline");
        pool = new HikariDataSource(config);
        workers = Executors.newFixedThreadPool(poolSize, runnable -> {
            Thread thread = new Thread(runnable, "baseline-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Creates the tables and {@code accounts} accounts, each holding {@code fundMinor}. */
    public void setUp(List<String> accounts, String currency, long fundMinor) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO baseline_accounts (account_id, currency, balance_minor) VALUES (?, ?, ?)")) {
                for (String account : accounts) {
                    insert.setString(1, account);
                    insert.setString(2, currency);
                    insert.setLong(3, fundMinor);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
            statement.execute("ANALYZE baseline_accounts");
            connection.commit();
        }
    }

    @Override
    public CompletableFuture<Reply> send(Command command, Duration timeout) {
        if (!(command instanceof Command.Transfer transfer)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the baseline runs transfers only"));
        }
        return CompletableFuture.supplyAsync(() -> transfer(transfer), workers)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues the transfer for a worker thread; never waits for the database. */
    @Override
    public boolean onlyQueues() {
        return true;
    }

    private Reply transfer(Command.Transfer transfer) {
        String first = transfer.fromAccountId().compareTo(transfer.toAccountId()) <= 0
                ? transfer.fromAccountId() : transfer.toAccountId();
        String second = first.equals(transfer.fromAccountId()) ? transfer.toAccountId() : transfer.fromAccountId();
        try (Connection connection = pool.getConnection()) {
            try {
                long fromBalance = -1;
                long toBalance = -1;
                String fromCurrency = null;
                String toCurrency = null;
                // Lock both rows in a fixed order, so two opposite transfers cannot deadlock.
                try (PreparedStatement lock = connection.prepareStatement(
                        "SELECT account_id, currency, balance_minor FROM baseline_accounts "
                                + "WHERE account_id IN (?, ?) ORDER BY account_id FOR UPDATE")) {
                    lock.setString(1, first);
                    lock.setString(2, second);
                    try (ResultSet rows = lock.executeQuery()) {
                        while (rows.next()) {
                            if (rows.getString(1).equals(transfer.fromAccountId())) {
                                fromCurrency = rows.getString(2);
                                fromBalance = rows.getLong(3);
                            }
                            if (rows.getString(1).equals(transfer.toAccountId())) {
                                toCurrency = rows.getString(2);
                                toBalance = rows.getLong(3);
                            }
                        }
                    }
                }
                Reason refusal = fromCurrency == null || toCurrency == null ? Reason.UNKNOWN_ACCOUNT
                        : transfer.fromAccountId().equals(transfer.toAccountId()) ? Reason.SAME_ACCOUNT
                        : !fromCurrency.equals(toCurrency) ? Reason.CURRENCY_MISMATCH
                        : transfer.amountMinor() <= 0 ? Reason.INVALID_AMOUNT
                        : fromBalance < transfer.amountMinor() ? Reason.INSUFFICIENT_FUNDS : null;
                if (refusal != null) {
                    connection.rollback();
                    return Reply.rejected(transfer.commandId(), refusal, null, 0, null, null, null);
                }
                long fromAfter = fromBalance - transfer.amountMinor();
                long toAfter = Math.addExact(toBalance, transfer.amountMinor());
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE baseline_accounts SET balance_minor = ? WHERE account_id = ?")) {
                    update.setLong(1, fromAfter);
                    update.setString(2, transfer.fromAccountId());
                    update.addBatch();
                    update.setLong(1, toAfter);
                    update.setString(2, transfer.toAccountId());
                    update.addBatch();
                    update.executeBatch();
                }
                try (PreparedStatement history = connection.prepareStatement(
                        "INSERT INTO baseline_history (command_id, account_id, amount_minor, balance_after_minor, "
                                + "counterparty_account_id) VALUES (CAST(? AS uuid), ?, ?, ?, ?)")) {
                    history.setString(1, transfer.commandId());
                    history.setString(2, transfer.fromAccountId());
                    history.setLong(3, -transfer.amountMinor());
                    history.setLong(4, fromAfter);
                    history.setString(5, transfer.toAccountId());
                    history.addBatch();
                    history.setString(1, transfer.commandId());
                    history.setString(2, transfer.toAccountId());
                    history.setLong(3, transfer.amountMinor());
                    history.setLong(4, toAfter);
                    history.setString(5, transfer.fromAccountId());
                    history.addBatch();
                    history.executeBatch();
                }
                connection.commit();
                return Reply.ok(transfer.commandId(), 0, null,
                        new AccountView(transfer.fromAccountId(), fromCurrency, fromAfter, AccountStatus.OPEN), null);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("baseline transfer failed: " + e.getMessage(), e);
        }
    }

    /** Sum of all balances: the baseline conserves money too, and the benchmark checks it. */
    public long totalBalance() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(sum(balance_minor), 0) FROM baseline_accounts")) {
            rows.next();
            long total = rows.getLong(1);
            connection.commit();
            return total;
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        pool.close();
    }
}
