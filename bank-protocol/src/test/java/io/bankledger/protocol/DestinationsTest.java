package io.bankledger.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The names are the contract: this test exists to fail loudly when one is renamed. */
class DestinationsTest {
    @Test
    void namesAreTheContract() {
        assertEquals("bank.requests", Destinations.REQUESTS);
        assertEquals("bank.events", Destinations.EVENTS);
        assertEquals("bank.node.3", Destinations.nodeTopic(3));
        assertEquals("DLQ", Destinations.DEAD_LETTER);
        assertEquals("ExpiryQueue", Destinations.EXPIRY);
        assertEquals("bank_invalid_reason", Destinations.INVALID_REASON_PROPERTY);
        assertThrows(IllegalArgumentException.class, () -> Destinations.nodeTopic(-1));
    }

    @Test
    void reasonCodesAreTheContract() {
        assertEquals("[INSUFFICIENT_FUNDS, UNKNOWN_ACCOUNT, ACCOUNT_EXISTS, ACCOUNT_CLOSED, CURRENCY_MISMATCH, "
                        + "NONZERO_BALANCE, SAME_ACCOUNT, INVALID_AMOUNT, AMOUNT_OVERFLOW, MALFORMED, UNKNOWN_TYPE, "
                        + "MISSING_FIELD, INVALID_FIELD, TOO_LARGE]",
                java.util.Arrays.toString(Reason.values()));
        assertEquals("[OK, REJECTED, INVALID, UNKNOWN]", java.util.Arrays.toString(Status.values()));
    }
}
