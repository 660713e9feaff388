package io.bankledger.cli.client;

/** The broker could not be reached or refused the login; the message never contains credentials. */
public final class BrokerUnreachableException extends Exception {
    public BrokerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
