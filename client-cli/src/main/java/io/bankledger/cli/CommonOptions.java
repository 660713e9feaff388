package io.bankledger.cli;

import io.bankledger.cli.client.ConnectionSettings;
import io.bankledger.cli.client.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every command that talks to the broker takes: where, as whom, how long, how to print. */
public final class CommonOptions {

    @Option(names = "--broker-url", paramLabel = "URL",
            description = "Artemis broker URL (env BANK_BROKER_URL; default " + ConnectionSettings.DEFAULT_BROKER_URL + ").")
    String brokerUrl;

    @Option(names = "--user", paramLabel = "USER", description = "Broker user (env BANK_USER).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "Broker password (env BANK_PASSWORD; prefer the env or the config file: flags show up in ps).")
    String password;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default ~/.config/bank/cli.properties; keys broker.url, user, password, timeout).")
    Path config;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for a reply, e.g. 500ms, 10s (default 10s).")
    Duration timeout;

    @Option(names = "--json", description = "Print JSON for scripts instead of tables.")
    boolean json;

    ConnectionSettings resolve(BankCli cli) {
        return cli.settingsResolver().resolve(brokerUrl, user, password, timeout, config);
    }
}
