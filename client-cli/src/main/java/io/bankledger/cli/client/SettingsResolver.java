package io.bankledger.cli.client;

import io.bankledger.cli.UsageException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves the connection settings from, in this order of precedence: command-line flags,
 * environment variables ({@code BANK_BROKER_URL}, {@code BANK_USER}, {@code BANK_PASSWORD},
 * {@code BANK_TIMEOUT}), the config file ({@code --config FILE}, else
 * {@code ~/.config/bank/cli.properties} if it exists; keys {@code broker.url}, {@code user},
 * {@code password}, {@code timeout}), and the defaults. Each setting is resolved on its own, so
 * a password from the environment can go with a URL from the file. With no user anywhere, the
 * dev cluster's client login ({@link ConnectionSettings#DEV_USER}) is used.
 */
public final class SettingsResolver {

    public static final String ENV_BROKER_URL = "BANK_BROKER_URL";
    public static final String ENV_USER = "BANK_USER";
    public static final String ENV_PASSWORD = "BANK_PASSWORD";
    public static final String ENV_TIMEOUT = "BANK_TIMEOUT";
    public static final String ENV_CONFIG = "BANK_CONFIG";

    private final Map<String, String> env;
    private final Path userHome;

    public SettingsResolver(Map<String, String> env, Path userHome) {
        this.env = env;
        this.userHome = userHome;
    }

    /** The default config file: {@code ~/.config/bank/cli.properties}. */
    public Path defaultConfigFile() {
        return userHome.resolve(".config").resolve("bank").resolve("cli.properties");
    }

    /** Every argument may be null: it then falls through to the next source. */
    public ConnectionSettings resolve(String flagUrl, String flagUser, String flagPassword, Duration flagTimeout,
                                      Path flagConfig) {
        Properties file = readConfig(flagConfig);
        String url = first(flagUrl, env.get(ENV_BROKER_URL), file.getProperty("broker.url"),
                ConnectionSettings.DEFAULT_BROKER_URL);
        String user = first(flagUser, env.get(ENV_USER), file.getProperty("user"), null);
        String password = first(flagPassword, env.get(ENV_PASSWORD), file.getProperty("password"), null);
        if (user == null) {
            // Nothing configured: the dev cluster's client login, as the URL defaults to the dev broker.
            user = ConnectionSettings.DEV_USER;
            password = password == null ? ConnectionSettings.DEV_PASSWORD : password;
        }
        Duration timeout = flagTimeout;
        if (timeout == null) {
            String text = first(null, env.get(ENV_TIMEOUT), file.getProperty("timeout"), null);
            timeout = text == null ? ConnectionSettings.DEFAULT_TIMEOUT : DurationConverter.parse(text);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new UsageException("the timeout must be positive, e.g. --timeout 10s");
        }
        return new ConnectionSettings(url, user, password, timeout);
    }

    private Properties readConfig(Path flagConfig) {
        Properties properties = new Properties();
        Path file = flagConfig;
        boolean explicit = true;
        if (file == null && env.get(ENV_CONFIG) != null) {
            file = Path.of(env.get(ENV_CONFIG));
        }
        if (file == null) {
            file = defaultConfigFile();
            explicit = false;
        }
        if (!Files.exists(file)) {
            if (explicit) {
                throw new UsageException("config file " + file + " does not exist: check the path given to --config");
            }
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage()
                    + "; it must be a properties file with keys broker.url, user, password, timeout");
        }
        return properties;
    }

    private static String first(String a, String b, String c, String fallback) {
        for (String s : new String[] {a, b, c}) {
            if (s != null && !s.isBlank()) {
                return s.trim();
            }
        }
        return fallback;
    }
}
