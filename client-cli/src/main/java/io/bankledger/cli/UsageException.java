package io.bankledger.cli;

/** A mistake of the user that the CLI catches before sending anything; exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
