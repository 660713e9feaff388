package io.bankledger.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.bankledger.node.testing.TestDatabase;
import io.bankledger.node.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The binary text[] and bigint[] arrays the apply statement sends read back, in a real PostgreSQL, as exactly the values sent. */
class TextArrayTest {

    @Test
    void everyStringSurvivesTheBinaryArray() throws Exception {
        List<String> values = new ArrayList<>(Arrays.asList(
                "", " ", "plain", "NULL", "null", null, "a,b", "{x}", "\"quoted\"", "back\\slash", "\\\"", "\\",
                "{\"type\":\"transfer\",\"detail\":\"say \\\"hi\\\"\"}", "tab\there", "new\nline", "caf\u00e9 \u20ac \ud83d\udcb0",
                "  spaced  ", "(1,2)", "'single'"));
        Random random = new Random(3);
        String alphabet = "ab ,{}\"\\\n'NUL\u00e9";
        for (int n = 0; n < 500; n++) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(s.toString());
        }
        TestDatabase database = TestDatabases.fresh(false);
        try (Connection connection = database.admin().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT ?::text[]")) {
            ApplyStatement.text(statement, 1, values);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                assertArrayEquals(values.toArray(), (Object[]) rows.getArray(1).getArray());
            }
            ApplyStatement.text(statement, 1, List.of());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                assertArrayEquals(new Object[0], (Object[]) rows.getArray(1).getArray());
            }
        }
    }

    @Test
    void everyNumberSurvivesTheBinaryArray() throws Exception {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 255L, 256L, -256L,
                1_000_000_000_000L));
        Random random = new Random(5);
        for (int n = 0; n < 500; n++) {
            values.add(random.nextLong());
        }
        TestDatabase database = TestDatabases.fresh(false);
        try (Connection connection = database.admin().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT ?::bigint[]")) {
            ApplyStatement.bigint(statement, 1, values);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                assertArrayEquals(values.toArray(), (Object[]) rows.getArray(1).getArray());
            }
            ApplyStatement.bigint(statement, 1, List.of());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                assertArrayEquals(new Object[0], (Object[]) rows.getArray(1).getArray());
            }
        }
    }
}
