package io.bankledger.cli.amount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AmountsTest {

    @Test
    void typedAmountsBecomeExactMinorUnits() {
        assertEquals(1234, Amounts.parse("12.34", "BRL"));
        assertEquals(1230, Amounts.parse("12.3", "BRL"));
        assertEquals(1200, Amounts.parse("12", "BRL"));
        assertEquals(50, Amounts.parse(".50", "BRL"));
        assertEquals(1234, Amounts.parse("1234", "JPY"));
        assertEquals(1234, Amounts.parse("1.234", "KWD"));
        assertEquals(1, Amounts.parse("0.01", "USD"));
        assertEquals(1200, Amounts.parse("12.000", "BRL"), "trailing zeros beyond the decimals are exact");
        assertEquals(1200, Amounts.parse(" +12 ", "BRL"));
    }

    @Test
    void decimalsThatBinaryFloatingPointGetsWrongAreExact() {
        // 0.1 + 0.2 != 0.3 in double; here each is exact and sums as integers.
        assertEquals(30, Amounts.parse("0.1", "BRL") + Amounts.parse("0.2", "BRL"));
        assertEquals(Amounts.parse("0.3", "BRL"), Amounts.parse("0.1", "BRL") + Amounts.parse("0.2", "BRL"));
        // (long) (1.15 * 100) == 114 with doubles.
        assertEquals(115, Amounts.parse("1.15", "BRL"));
        assertEquals(2910, Amounts.parse("29.10", "BRL"));
        assertEquals(4_35, Amounts.parse("4.35", "USD"));
        assertEquals(92_233_720_368_547_758_07L, Amounts.parse("92233720368547758.07", "BRL"));
    }

    @Test
    void tooManyDecimalsAreRefusedNotRounded() {
        AmountException e = assertThrows(AmountException.class, () -> Amounts.parse("12.345", "BRL"));
        assertTrue(e.getMessage().contains("at most 2 decimals"), e.getMessage());
        assertThrows(AmountException.class, () -> Amounts.parse("12.5", "JPY"));
        assertThrows(AmountException.class, () -> Amounts.parse("0.001", "USD"));
    }

    @Test
    void aCommaIsRefusedWithAMessageSayingToUseADot() {
        AmountException e = assertThrows(AmountException.class, () -> Amounts.parse("12,34", "BRL"));
        assertTrue(e.getMessage().contains("use a dot"), e.getMessage());
        assertThrows(AmountException.class, () -> Amounts.parse("1,234.00", "USD"));
    }

    @Test
    void negativeZeroGarbageAndOverflowAreRefused() {
        assertTrue(assertThrows(AmountException.class, () -> Amounts.parse("-5", "BRL")).getMessage().contains("negative"));
        assertTrue(assertThrows(AmountException.class, () -> Amounts.parse("0.00", "BRL")).getMessage().contains("zero"));
        assertThrows(AmountException.class, () -> Amounts.parse("", "BRL"));
        assertThrows(AmountException.class, () -> Amounts.parse("12.", "BRL"));
        assertThrows(AmountException.class, () -> Amounts.parse("1e3", "BRL"));
        assertThrows(AmountException.class, () -> Amounts.parse("twelve", "BRL"));
        assertThrows(AmountException.class, () -> Amounts.parse("NaN", "BRL"));
        assertTrue(assertThrows(AmountException.class, () -> Amounts.parse("92233720368547758.08", "BRL"))
                .getMessage().contains("too large"));
    }

    @Test
    void formatUsesTheCurrencysDecimals() {
        assertEquals("12.34", Amounts.format(1234, "BRL"));
        assertEquals("0.05", Amounts.format(5, "BRL"));
        assertEquals("-0.05", Amounts.format(-5, "BRL"));
        assertEquals("1234", Amounts.format(1234, "JPY"));
        assertEquals("1.234", Amounts.format(1234, "KWD"));
        assertEquals("0.00", Amounts.format(0, "USD"));
        assertEquals("92233720368547758.07", Amounts.format(Long.MAX_VALUE, "BRL"));
    }

    @Test
    void formatThenParseIsTheIdentity() {
        for (long minor : new long[] {1, 9, 10, 99, 100, 101, 123_456_789, Long.MAX_VALUE}) {
            for (String currency : new String[] {"BRL", "JPY", "KWD"}) {
                assertEquals(minor, Amounts.parse(Amounts.format(minor, currency), currency));
            }
        }
    }

    @Test
    void currencyCodesAreCheckedAndUpperCased() {
        assertEquals("BRL", Amounts.currencyCode("brl"));
        assertEquals(2, Amounts.fractionDigits("BRL"));
        assertEquals(0, Amounts.fractionDigits("JPY"));
        assertTrue(assertThrows(AmountException.class, () -> Amounts.currencyCode("XYZ")).getMessage().contains("unknown currency"));
        assertThrows(AmountException.class, () -> Amounts.currencyCode("REAL"));
    }
}
