package io.bankledger.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written field checks accept exactly what the contract's patterns (the JSON Schemas')
 * accept: compared on edge cases and on many random strings near the rules.
 */
class FieldsTest {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    // Beyond ASCII: characters whose low seven bits are a digit or letter ('\u00b0' is 0xB0, '0' is
    // 0x30; '\u0161', 'a'), and digits and letters of other scripts: the checks' tables cover ASCII only.
    private static final String ALPHABET = "0189afAFgGzZ-_.: \u00e9/\u0000[`@{\u00b0\u0161\u00c1\u0660\uff21";

    private static boolean accepts(java.util.function.Consumer<String> check, String value) {
        try {
            check.accept(value);
            return true;
        } catch (InvalidFieldException e) {
            return false;
        }
    }

    private static void agree(Pattern pattern, java.util.function.Consumer<String> check, List<String> values) {
        for (String value : values) {
            assertEquals(pattern.matcher(value).matches(), accepts(check, value), () -> pattern + " on '" + value + "'");
        }
    }

    private static List<String> near(Random random, List<String> seeds) {
        List<String> values = new ArrayList<>(seeds);
        for (String seed : seeds) {
            for (int n = 0; n < 2_000; n++) {
                StringBuilder s = new StringBuilder(seed);
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits; e++) {
                    char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                    int at = s.length() == 0 ? 0 : random.nextInt(s.length());
                    switch (random.nextInt(3)) {
                        case 0 -> s.insert(at, c);
                        case 1 -> { if (s.length() > 0) s.setCharAt(at, c); }
                        default -> { if (s.length() > 0) s.deleteCharAt(at); }
                    }
                }
                values.add(s.toString());
            }
        }
        return values;
    }

    @Test
    void handWrittenChecksMatchTheContractPatterns() {
        Random random = new Random(7);
        agree(UUID_TEXT, v -> Fields.commandId("commandId", v), near(random,
                List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString().toUpperCase(), "", "-")));
        agree(ACCOUNT_ID, v -> Fields.accountId("accountId", v), near(random,
                List.of("a", "acct-01", "A.b_c-9", "x".repeat(64), "x".repeat(65), "")));
        agree(CURRENCY, v -> Fields.currency("currency", v), near(random, List.of("BRL", "EUR", "BR", "BRLX", "")));
        agree(HASH, v -> EventHash.requireHash("hash", v), near(random,
                List.of(EventHash.GENESIS, EventHashTest.FIRST, EventHashTest.FIRST.toUpperCase(), "")));
    }
}
