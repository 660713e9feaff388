package io.bankledger.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.testing.TestDatabase;
import io.bankledger.node.testing.TestDatabases;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.postgresql.jdbc.PgArray;

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
        assertReadBackAsSent("text[]", values, ApplyStatement::textArray);
    }

    @Test
    void everyNumberSurvivesTheBinaryArray() throws Exception {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 255L, 256L, -256L,
                1_000_000_000_000L));
        Random random = new Random(5);
        for (int n = 0; n < 500; n++) {
            values.add(random.nextLong());
        }
        assertReadBackAsSent("bigint[]", values, ApplyStatement::bigintArray);
    }

    /** Binds the values as the apply statement does, checks pgjdbc encoded them in binary, and reads them back. */
    private static <T> void assertReadBackAsSent(String type, List<T> values, ArrayMaker<T> maker) throws Exception {
        TestDatabase database = TestDatabases.fresh(false);
        try (Connection connection = database.admin().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT ?::" + type)) {
            for (List<T> sent : List.of(values, List.<T>of())) {
                Array array = maker.make(connection, sent);
                assertTrue(assertInstanceOf(PgArray.class, array).isBinary(), type + " in the binary format");
                statement.setArray(1, array);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    assertArrayEquals(sent.toArray(), (Object[]) rows.getArray(1).getArray());
                }
            }
        }
    }

    @FunctionalInterface
    private interface ArrayMaker<T> {
        Array make(Connection connection, List<T> values) throws SQLException;
    }
}
