package io.bankledger.node.schema;

import io.bankledger.node.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The rows of the V5 analyst views as records, read the way an analyst would: as the reader role. */
final class AnalystViewRows {

    private AnalystViewRows() {
    }

    /** A line of {@code reporting.account_statement}. */
    record StatementLine(String accountId, String currency, long seq, String type, long amountMinor,
                         long balanceAfterMinor, String counterpartyAccountId, long runningBalanceMinor) {
    }

    /** A row of {@code reporting.daily_totals}; the {@code plus…} methods build expected rows. */
    record DailyTotal(LocalDate day, String currency, long depositCount, long depositsMinor, long withdrawalCount,
                      long withdrawalsMinor, long transferCount, long transfersMinor, long rejectedCount,
                      long netMinor) {

        static final Comparator<DailyTotal> ORDER = Comparator.comparing(DailyTotal::day)
                .thenComparing(DailyTotal::currency, Comparator.nullsLast(Comparator.naturalOrder()));

        static DailyTotal empty(LocalDate day, String currency) {
            return new DailyTotal(day, currency, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        DailyTotal plusDeposit(long amountMinor) {
            return new DailyTotal(day, currency, depositCount + 1, depositsMinor + amountMinor, withdrawalCount,
                    withdrawalsMinor, transferCount, transfersMinor, rejectedCount, netMinor + amountMinor);
        }

        DailyTotal plusWithdrawal(long amountMinor) {
            return new DailyTotal(day, currency, depositCount, depositsMinor, withdrawalCount + 1,
                    withdrawalsMinor + amountMinor, transferCount, transfersMinor, rejectedCount,
                    netMinor - amountMinor);
        }

        DailyTotal plusTransfer(long amountMinor) {
            return new DailyTotal(day, currency, depositCount, depositsMinor, withdrawalCount, withdrawalsMinor,
                    transferCount + 1, transfersMinor + amountMinor, rejectedCount, netMinor);
        }

        DailyTotal plusRejection() {
            return new DailyTotal(day, currency, depositCount, depositsMinor, withdrawalCount, withdrawalsMinor,
                    transferCount, transfersMinor, rejectedCount + 1, netMinor);
        }
    }

    /** A row of {@code reporting.reconciliation}. */
    record Problem(String kind, String subject, long expected, long actual) {
    }

    interface RowConsumer {
        void accept(ResultSet rows) throws SQLException;
    }

    static List<StatementLine> statement(Connection reader) throws SQLException {
        List<StatementLine> lines = new ArrayList<>();
        query(reader, """
                SELECT account_id, currency, seq, type, amount_minor, balance_after_minor, counterparty_account_id,
                       running_balance_minor
                FROM reporting.account_statement ORDER BY account_id, seq""", rows -> lines.add(new StatementLine(
                rows.getString(1), rows.getString(2), rows.getLong(3), rows.getString(4), rows.getLong(5),
                rows.getLong(6), rows.getString(7), rows.getLong(8))));
        return lines;
    }

    static List<DailyTotal> dailyTotals(Connection reader) throws SQLException {
        List<DailyTotal> totals = new ArrayList<>();
        query(reader, """
                SELECT day, currency, deposit_count, deposits_minor, withdrawal_count, withdrawals_minor,
                       transfer_count, transfers_minor, rejected_count, net_minor
                FROM reporting.daily_totals""", rows -> totals.add(new DailyTotal(
                rows.getObject(1, LocalDate.class), rows.getString(2), rows.getLong(3), rows.getLong(4),
                rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getLong(9),
                rows.getLong(10))));
        totals.sort(DailyTotal.ORDER);
        return totals;
    }

    static List<Problem> reconciliation(TestDatabase database) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        try (Connection reader = database.reader().getConnection()) {
            query(reader, "SELECT kind, subject, expected, actual FROM reporting.reconciliation ORDER BY kind, subject",
                    rows -> problems.add(new Problem(rows.getString(1), rows.getString(2),
                            rows.getBigDecimal(3).longValueExact(), rows.getBigDecimal(4).longValueExact())));
        }
        return problems;
    }

    static void query(Connection connection, String sql, RowConsumer consumer) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                consumer.accept(rows);
            }
        }
    }
}
