package io.bankledger.cli.amount;

/** An amount or currency the user typed that cannot be used; the message says what to type instead. */
public final class AmountException extends IllegalArgumentException {
    public AmountException(String message) {
        super(message);
    }
}
