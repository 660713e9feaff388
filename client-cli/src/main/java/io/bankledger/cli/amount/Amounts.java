package io.bankledger.cli.amount;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Amounts as people type and read them, converted exactly to and from integer minor units.
 *
 * <p>Input is a plain decimal with a dot as the decimal separator and at most the currency's
 * fraction digits ({@code 12.34} BRL is 1234 minor units, {@code 1234} JPY is 1234). A comma is
 * refused rather than guessed at: {@code 1,234} is a thousand in one locale and one-point-two in
 * another, and a bank client must never guess which. Conversion goes through {@link BigDecimal},
 * never through a binary floating-point type, so {@code 0.1} is exactly 10 cents.
 */
public final class Amounts {

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Amounts() {
    }

    /** The number of decimals of {@code currencyCode} (2 for BRL, 0 for JPY, 3 for KWD). */
    public static int fractionDigits(String currencyCode) {
        Currency currency = currency(currencyCode);
        // Pseudo-currencies (XAU, XXX) have no minor unit: -1; they are counted in whole units.
        return Math.max(0, currency.getDefaultFractionDigits());
    }

    /** The ISO 4217 code, upper-cased; throws {@link AmountException} if it is not one. */
    public static String currencyCode(String text) {
        return currency(text).getCurrencyCode();
    }

    private static Currency currency(String text) {
        String code = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z]{3}")) {
            throw new AmountException("'" + text + "' is not a currency code: use a 3-letter ISO 4217 code such as BRL, USD or JPY");
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new AmountException("unknown currency " + code + ": use an ISO 4217 code such as BRL, USD or JPY");
        }
    }

    /**
     * Parses {@code text} as a positive amount of a currency with {@code fractionDigits} decimals
     * and returns it in minor units, exactly.
     */
    public static long parse(String text, int fractionDigits) {
        if (fractionDigits < 0) {
            throw new IllegalArgumentException("fractionDigits must be >= 0: " + fractionDigits);
        }
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new AmountException("the amount is empty: give it as digits, e.g. 12.34");
        }
        if (s.startsWith("-")) {
            throw new AmountException("the amount " + s + " is negative: give a positive amount (withdraw takes money out)");
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.indexOf(',') >= 0) {
            throw new AmountException("'" + text + "' has a comma: use a dot as the decimal separator and no thousands"
                    + " separator, e.g. 1234.56");
        }
        if (!PLAIN_DECIMAL.matcher(s).matches()) {
            throw new AmountException("'" + text + "' is not an amount: give digits with an optional dot, e.g. " + example(fractionDigits));
        }
        BigDecimal value = new BigDecimal(s);
        if (value.scale() > fractionDigits) {
            value = value.stripTrailingZeros();
            if (value.scale() > fractionDigits) {
                throw new AmountException("'" + text + "' has more decimals than the currency's " + fractionDigits
                        + ": give at most " + fractionDigits + (fractionDigits == 1 ? " decimal" : " decimals")
                        + ", e.g. " + example(fractionDigits));
            }
        }
        BigInteger minor = value.movePointRight(fractionDigits).toBigIntegerExact();
        if (minor.signum() == 0) {
            throw new AmountException("the amount is zero: give a positive amount");
        }
        if (minor.compareTo(LONG_MAX) > 0) {
            throw new AmountException("'" + text + "' is too large: at most " + format(Long.MAX_VALUE, fractionDigits));
        }
        return minor.longValueExact();
    }

    /**
     * Checks what can be checked before the currency is known: no comma, no sign, digits with at
     * most one dot, not zero. The number of decimals is checked by {@link #parse} later.
     */
    public static void checkSyntax(String text) {
        String s = text == null ? "" : text.trim();
        int dot = s.indexOf('.');
        parse(text, dot < 0 ? 0 : s.length() - dot - 1);
    }

    /** Parses {@code text} as an amount of {@code currencyCode}. */
    public static long parse(String text, String currencyCode) {
        return parse(text, fractionDigits(currencyCode));
    }

    /** {@code 1234} BRL → {@code 12.34}; {@code -5} BRL → {@code -0.05}; {@code 1234} JPY → {@code 1234}. */
    public static String format(long minor, int fractionDigits) {
        return BigDecimal.valueOf(minor, fractionDigits).toPlainString();
    }

    public static String format(long minor, String currencyCode) {
        return format(minor, fractionDigits(currencyCode));
    }

    private static String example(int fractionDigits) {
        return format(1234, fractionDigits);
    }
}
