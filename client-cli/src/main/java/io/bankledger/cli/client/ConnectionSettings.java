package io.bankledger.cli.client;

import java.time.Duration;

/**
 * Where the broker is, who to log in as, and how long to wait for an answer. {@link #toString()}
 * never shows the password, and the URL is shown with credentials in its query masked.
 */
public record ConnectionSettings(String brokerUrl, String user, String password, Duration timeout) {

    public static final String DEFAULT_BROKER_URL = "tcp://127.0.0.1:61616";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The login of the dev cluster and the test clusters (bank-node's {@code BrokerUsers}, role
     * {@code client}), used when no user is configured anywhere, so that {@code bank} reaches
     * {@code bank-node dev} with no setting. A real broker has its own logins: set them.
     */
    public static final String DEV_USER = "bank-client";
    public static final String DEV_PASSWORD = "bank-client-dev";

    public ConnectionSettings {
        if (brokerUrl == null || brokerUrl.isBlank()) {
            throw new IllegalArgumentException("brokerUrl is required");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** True if no user was configured and the dev cluster's login is used. */
    public boolean devLogin() {
        return DEV_USER.equals(user) && DEV_PASSWORD.equals(password);
    }

    /** The broker URL as it may be printed: {@code user=} and {@code password=} parameters masked. */
    public String safeBrokerUrl() {
        return redact(brokerUrl);
    }

    public static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)((?:user|password|passcode|keyStorePassword|trustStorePassword)=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "ConnectionSettings[brokerUrl=" + safeBrokerUrl() + ", user=" + (user == null ? "-" : "***")
                + ", password=" + (password == null ? "-" : "***") + ", timeout=" + timeout + "]";
    }
}
