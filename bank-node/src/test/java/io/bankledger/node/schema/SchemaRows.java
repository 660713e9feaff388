package io.bankledger.node.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Inserts rows of the schema directly, for tests of its constraints and privileges. */
final class SchemaRows {

    private SchemaRows() {
    }

    /** An event with the outcome its type implies: REJECTED (reason UNKNOWN_ACCOUNT) for a rejection, else OK. */
    static void insertEvent(Connection connection, long seq, UUID commandId, String type) throws SQLException {
        boolean rejected = "CommandRejected".equals(type);
        insertEvent(connection, seq, commandId, type, rejected ? "REJECTED" : "OK", rejected ? "UNKNOWN_ACCOUNT" : null);
    }

    static void insertEvent(Connection connection, long seq, UUID commandId, String type, String status, String reason)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO events (seq, slot, command_id, type, payload_canonical, event_time, prev_hash, hash,
                                    status, reason, reply)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, seq);
            insert.setLong(2, seq);
            insert.setObject(3, commandId);
            insert.setString(4, type);
            insert.setString(5, "{\"accountId\":\"acc-" + seq + "\"}");
            insert.setTimestamp(6, Timestamp.from(Instant.parse("2026-01-01T00:00:00Z")));
            insert.setBytes(7, hash(seq - 1));
            insert.setBytes(8, hash(seq));
            insert.setString(9, status);
            insert.setString(10, reason);
            insert.setString(11, "{\"commandId\":\"" + commandId + "\",\"status\":\"" + status + "\"}");
            insert.executeUpdate();
        }
    }

    static void insertAccount(Connection connection, String accountId, String currency, long balanceMinor, long seq)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO accounts (account_id, owner, currency, balance_minor, status, version, opened_seq, last_seq)
                VALUES (?, 'Ada', ?, ?, 'OPEN', 1, ?, ?)""")) {
            insert.setString(1, accountId);
            insert.setString(2, currency);
            insert.setLong(3, balanceMinor);
            insert.setLong(4, seq);
            insert.setLong(5, seq);
            insert.executeUpdate();
        }
    }

    /** A distinct 32-byte value per number; 0 gives the genesis hash of zeros. */
    static byte[] hash(long n) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < 8; i++) {
            bytes[31 - i] = (byte) (n >>> (8 * i));
        }
        return bytes;
    }
}
