package io.bankledger.node.schema;

import static io.bankledger.node.schema.AnalystViewRows.dailyTotals;
import static io.bankledger.node.schema.AnalystViewRows.query;
import static io.bankledger.node.schema.AnalystViewRows.reconciliation;
import static io.bankledger.node.schema.AnalystViewRows.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bankledger.node.schema.AnalystViewRows.DailyTotal;
import io.bankledger.node.schema.AnalystViewRows.Problem;
import io.bankledger.node.schema.AnalystViewRows.StatementLine;
import io.bankledger.node.testing.TestClient;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.node.testing.TestDatabase;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analysts' views of V5 on data a real 3-node cluster wrote: a known workload of opens,
 * deposits, withdrawals, transfers, a close and rejections, read back through the reader role on
 * every node; then the projections are broken on purpose, as the administrator, and the
 * reconciliation must name exactly what was broken.
 *
 * <p>The workload runs once for the class ({@link #workloadSeq} records where each command landed);
 * each test that breaks a database repairs it before it ends, so the tests do not depend on their
 * order.
 */
class AnalystViewsTest {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final CommandCodec CODEC = new CommandCodec();

    private static TestCluster cluster;
    /** The seq of the event that recorded each command of the workload, by a short name. */
    private static final Map<String, Long> workloadSeq = new LinkedHashMap<>();

    @BeforeAll
    static void runWorkload() throws Exception {
        cluster = TestCluster.start(3);
        cluster.awaitLeader(Duration.ofSeconds(20));
        try (TestClient client = new TestClient(cluster.brokerUrl())) {
            expectOk(client, "open alice", new Command.OpenAccount(id(), "alice", "Alice", "BRL"));
            expectOk(client, "open bob", new Command.OpenAccount(id(), "bob", "Bob", "BRL"));
            expectOk(client, "open carol", new Command.OpenAccount(id(), "carol", "Carol", "EUR"));
            expectOk(client, "open dave", new Command.OpenAccount(id(), "dave", "Dave", "BRL"));
            expectOk(client, "deposit alice", new Command.Deposit(id(), "alice", 10_000));
            expectOk(client, "deposit carol", new Command.Deposit(id(), "carol", 5_000));
            expectOk(client, "withdraw alice", new Command.Withdraw(id(), "alice", 1_500));
            expectOk(client, "alice to bob", new Command.Transfer(id(), "alice", "bob", 2_500));
            expectOk(client, "bob to alice", new Command.Transfer(id(), "bob", "alice", 500));
            expectOk(client, "withdraw carol", new Command.Withdraw(id(), "carol", 250));
            expectOk(client, "close dave", new Command.CloseAccount(id(), "dave"));
            expectRejected(client, "overdraw bob", Reason.INSUFFICIENT_FUNDS,
                    new Command.Withdraw(id(), "bob", 1_000_000));
            expectRejected(client, "deposit ghost", Reason.UNKNOWN_ACCOUNT, new Command.Deposit(id(), "ghost", 5));
            expectRejected(client, "alice to carol", Reason.CURRENCY_MISMATCH,
                    new Command.Transfer(id(), "alice", "carol", 1));
            expectRejected(client, "reopen alice", Reason.ACCOUNT_EXISTS,
                    new Command.OpenAccount(id(), "alice", "Alice again", "EUR"));
        }
        cluster.awaitConvergence(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void statementHasARunningBalanceEqualToTheBalanceAfterEachLine() throws Exception {
        List<StatementLine> expected = List.of(
                line("alice", "BRL", "open alice", "AccountOpened", 0, 0, null),
                line("alice", "BRL", "deposit alice", "Deposited", 10_000, 10_000, null),
                line("alice", "BRL", "withdraw alice", "Withdrawn", -1_500, 8_500, null),
                line("alice", "BRL", "alice to bob", "TransferCompleted", -2_500, 6_000, "bob"),
                line("alice", "BRL", "bob to alice", "TransferCompleted", 500, 6_500, "bob"),
                line("bob", "BRL", "open bob", "AccountOpened", 0, 0, null),
                line("bob", "BRL", "alice to bob", "TransferCompleted", 2_500, 2_500, "alice"),
                line("bob", "BRL", "bob to alice", "TransferCompleted", -500, 2_000, "alice"),
                line("carol", "EUR", "open carol", "AccountOpened", 0, 0, null),
                line("carol", "EUR", "deposit carol", "Deposited", 5_000, 5_000, null),
                line("carol", "EUR", "withdraw carol", "Withdrawn", -250, 4_750, null),
                line("dave", "BRL", "open dave", "AccountOpened", 0, 0, null),
                line("dave", "BRL", "close dave", "AccountClosed", 0, 0, null));
        for (int nodeId : cluster.memberIds()) {
            try (Connection reader = cluster.database(nodeId).reader().getConnection()) {
                assertEquals(expected, statement(reader), "node " + nodeId);
                // Each line carries its event's time, exactly as the event log has it.
                Map<Long, String> eventTimes = new HashMap<>();
                query(reader, "SELECT seq, event_time::text FROM reporting.events",
                        rows -> eventTimes.put(rows.getLong(1), rows.getString(2)));
                query(reader, "SELECT seq, event_time::text FROM reporting.account_statement",
                        rows -> assertEquals(eventTimes.get(rows.getLong(1)), rows.getString(2), "seq " + rows.getLong(1)));
            }
        }
    }

    @Test
    void dailyTotalsPerUtcDayAndCurrency() throws Exception {
        // The leader stamps each batch with its clock, so a run across midnight UTC spans two days:
        // the expected rows are built per event from the day the event log gives it.
        Map<Long, LocalDate> dayOfSeq = new HashMap<>();
        try (Connection reader = cluster.database(1).reader().getConnection()) {
            query(reader, "SELECT seq, event_time FROM reporting.events", rows -> dayOfSeq.put(rows.getLong(1),
                    rows.getObject(2, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate()));
        }
        Map<List<Object>, DailyTotal> totals = new LinkedHashMap<>();
        expect(totals, dayOfSeq, "deposit alice", "BRL", total -> total.plusDeposit(10_000));
        expect(totals, dayOfSeq, "deposit carol", "EUR", total -> total.plusDeposit(5_000));
        expect(totals, dayOfSeq, "withdraw alice", "BRL", total -> total.plusWithdrawal(1_500));
        expect(totals, dayOfSeq, "withdraw carol", "EUR", total -> total.plusWithdrawal(250));
        expect(totals, dayOfSeq, "alice to bob", "BRL", total -> total.plusTransfer(2_500));
        expect(totals, dayOfSeq, "bob to alice", "BRL", total -> total.plusTransfer(500));
        expect(totals, dayOfSeq, "overdraw bob", "BRL", DailyTotal::plusRejection);
        expect(totals, dayOfSeq, "alice to carol", "BRL", DailyTotal::plusRejection); // the sender's currency
        expect(totals, dayOfSeq, "reopen alice", "EUR", DailyTotal::plusRejection); // the currency the command names
        expect(totals, dayOfSeq, "deposit ghost", null, DailyTotal::plusRejection); // no account, no currency
        List<DailyTotal> expected = new ArrayList<>(totals.values());
        expected.sort(DailyTotal.ORDER);

        for (int nodeId : cluster.memberIds()) {
            try (Connection reader = cluster.database(nodeId).reader().getConnection()) {
                assertEquals(expected, dailyTotals(reader), "node " + nodeId);
            }
        }
        // Over the whole run, in plain numbers: BRL 10000 in, 1500 out, 3000 moved; EUR 5000 in, 250 out.
        long brlNet = expected.stream().filter(t -> "BRL".equals(t.currency())).mapToLong(DailyTotal::netMinor).sum();
        long eurNet = expected.stream().filter(t -> "EUR".equals(t.currency())).mapToLong(DailyTotal::netMinor).sum();
        assertEquals(8_500, brlNet);
        assertEquals(4_750, eurNet);
    }

    @Test
    void reconciliationIsEmptyOnEveryNodeWhenAllIsWell() throws Exception {
        for (int nodeId : cluster.memberIds()) {
            assertEquals(List.of(), reconciliation(cluster.database(nodeId)), "node " + nodeId);
        }
    }

    @Test
    void aBalanceChangedBehindTheLedgersBackIsReportedThreeWays() throws Exception {
        TestDatabase database = cluster.database(2);
        admin(database, "UPDATE accounts SET balance_minor = balance_minor + 1 WHERE account_id = 'alice'");
        try {
            assertEquals(List.of(
                    new Problem("account_balance_vs_history_sum", "alice", 6_500, 6_501),
                    new Problem("account_balance_vs_last_history", "alice", 6_500, 6_501),
                    new Problem("currency_total_vs_events", "BRL", 8_500, 8_501)), reconciliation(database));
            assertEquals(List.of(), reconciliation(cluster.database(1)), "the other nodes are untouched");
        } finally {
            admin(database, "UPDATE accounts SET balance_minor = balance_minor - 1 WHERE account_id = 'alice'");
        }
        assertEquals(List.of(), reconciliation(database));
    }

    @Test
    void aHistoryAmountChangedIsReportedAndBreaksTheRunningBalance() throws Exception {
        TestDatabase database = cluster.database(3);
        long depositSeq = workloadSeq.get("deposit carol");
        String change = "UPDATE account_history SET amount_minor = amount_minor %s 7 WHERE account_id = 'carol' AND seq = "
                + depositSeq;
        admin(database, change.formatted("+"));
        try {
            assertEquals(List.of(new Problem("account_balance_vs_history_sum", "carol", 4_757, 4_750)),
                    reconciliation(database));
            try (Connection reader = database.reader().getConnection()) {
                List<StatementLine> carol = statement(reader).stream()
                        .filter(line -> line.accountId().equals("carol")).toList();
                assertEquals(List.of(0L, 5_007L, 4_757L),
                        carol.stream().map(StatementLine::runningBalanceMinor).toList());
                assertEquals(List.of(0L, 5_000L, 4_750L),
                        carol.stream().map(StatementLine::balanceAfterMinor).toList());
            }
        } finally {
            admin(database, change.formatted("-"));
        }
        assertEquals(List.of(), reconciliation(database));
    }

    @Test
    void aProjectionForgedConsistentlyIsStillCaughtByTheEvents() throws Exception {
        TestDatabase database = cluster.database(1);
        // The events cannot be forged, even by the administrator...
        SQLException refused = assertThrows(SQLException.class, () -> admin(database,
                "UPDATE events SET payload_canonical = payload_canonical WHERE seq = " + workloadSeq.get("deposit alice")));
        assertEquals(INSUFFICIENT_PRIVILEGE, refused.getSQLState(), refused.getMessage());
        // ...so give bob 100 more in both projections, in agreement with each other.
        long lastBobSeq = workloadSeq.get("bob to alice");
        String history = "UPDATE account_history SET amount_minor = amount_minor %1$s 100, "
                + "balance_after_minor = balance_after_minor %1$s 100 WHERE account_id = 'bob' AND seq = " + lastBobSeq;
        String balance = "UPDATE accounts SET balance_minor = balance_minor %s 100 WHERE account_id = 'bob'";
        admin(database, history.formatted("+"), balance.formatted("+"));
        try {
            assertEquals(List.of(new Problem("currency_total_vs_events", "BRL", 8_500, 8_600)),
                    reconciliation(database));
        } finally {
            admin(database, history.formatted("-"), balance.formatted("-"));
        }
        assertEquals(List.of(), reconciliation(database));
    }

    @Test
    void readerCanNeitherWriteNorSeeTheTablesBehindTheViews() throws Exception {
        try (Connection reader = cluster.database(1).reader().getConnection();
             Statement statement = reader.createStatement()) {
            SQLException write = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("UPDATE accounts SET balance_minor = 0"));
            assertEquals(INSUFFICIENT_PRIVILEGE, write.getSQLState(), write.getMessage());
            SQLException read = assertThrows(SQLException.class,
                    () -> statement.executeQuery("SELECT * FROM account_history"));
            assertEquals(INSUFFICIENT_PRIVILEGE, read.getSQLState(), read.getMessage());
        }
    }

    // --- the workload ---

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static Reply send(TestClient client, Command command) throws Exception {
        return client.send(command.commandId(), CODEC.encode(command)).get(20, TimeUnit.SECONDS);
    }

    private static void expectOk(TestClient client, String name, Command command) throws Exception {
        Reply reply = send(client, command);
        assertEquals(Status.OK, reply.status(), name + ": " + reply);
        workloadSeq.put(name, reply.seq());
    }

    private static void expectRejected(TestClient client, String name, Reason reason, Command command)
            throws Exception {
        Reply reply = send(client, command);
        assertEquals(Status.REJECTED, reply.status(), name + ": " + reply);
        assertEquals(reason, reply.reason(), name + ": " + reply);
        workloadSeq.put(name, reply.seq());
    }

    /** Adds one workload command to the expected row of its (UTC day, currency). */
    private static void expect(Map<List<Object>, DailyTotal> totals, Map<Long, LocalDate> dayOfSeq, String command,
                               String currency, UnaryOperator<DailyTotal> effect) {
        LocalDate day = Objects.requireNonNull(dayOfSeq.get(workloadSeq.get(command)), command);
        totals.compute(Arrays.asList(day, currency),
                (key, total) -> effect.apply(total == null ? DailyTotal.empty(day, currency) : total));
    }

    /** A line of a sound statement: its running balance is its balance after. */
    private static StatementLine line(String accountId, String currency, String command, String type,
                                      long amountMinor, long balanceAfterMinor, String counterparty) {
        return new StatementLine(accountId, currency, workloadSeq.get(command), type, amountMinor, balanceAfterMinor,
                counterparty, balanceAfterMinor);
    }

    /** Runs {@code updates} as the administrator in one transaction, each changing exactly one row. */
    private static void admin(TestDatabase database, String... updates) throws SQLException {
        try (Connection admin = database.admin().getConnection()) {
            admin.setAutoCommit(false);
            try (Statement statement = admin.createStatement()) {
                for (String update : updates) {
                    assertEquals(1, statement.executeUpdate(update), update);
                }
                admin.commit();
            } catch (SQLException | RuntimeException | Error e) {
                admin.rollback();
                throw e;
            }
        }
    }
}
