package io.bankledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.cli.client.ConnectionSettings;
import io.bankledger.cli.client.SettingsResolver;
import io.bankledger.node.dev.BrokerUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {

    @TempDir
    Path home;

    private void writeDefaultConfig(String text) throws Exception {
        Path dir = home.resolve(".config/bank");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cli.properties"), text);
    }

    @Test
    void defaultsWithNothingSet() {
        ConnectionSettings s = new SettingsResolver(Map.of(), home).resolve(null, null, null, null, null);
        assertEquals("tcp://127.0.0.1:61616", s.brokerUrl());
        // The dev cluster's client login, so that bank reaches `bank-node dev` with no setting.
        assertEquals(BrokerUsers.DEV_CLIENT_USER, s.user());
        assertEquals(BrokerUsers.DEV_CLIENT_PASSWORD, s.password());
        assertTrue(s.devLogin());
        assertFalse(s.toString().contains(BrokerUsers.DEV_CLIENT_PASSWORD));
        assertEquals(Duration.ofSeconds(10), s.timeout());
    }

    @Test
    void flagBeatsEnvBeatsFileBeatsDefault() throws Exception {
        writeDefaultConfig("broker.url=tcp://file:1\nuser=fileuser\npassword=filepw\ntimeout=3s\n");
        Map<String, String> env = Map.of("BANK_BROKER_URL", "tcp://env:2", "BANK_USER", "envuser");
        SettingsResolver resolver = new SettingsResolver(env, home);

        ConnectionSettings fromFlags = resolver.resolve("tcp://flag:3", "flaguser", "flagpw", Duration.ofSeconds(1), null);
        assertEquals("tcp://flag:3", fromFlags.brokerUrl());
        assertEquals("flaguser", fromFlags.user());
        assertEquals("flagpw", fromFlags.password());
        assertEquals(Duration.ofSeconds(1), fromFlags.timeout());

        ConnectionSettings mixed = resolver.resolve(null, null, null, null, null);
        assertEquals("tcp://env:2", mixed.brokerUrl(), "env beats the file");
        assertEquals("envuser", mixed.user());
        assertEquals("filepw", mixed.password(), "each setting falls through on its own");
        assertEquals(Duration.ofSeconds(3), mixed.timeout());
    }

    @Test
    void explicitConfigFileWinsOverTheDefaultOneAndMustExist() throws Exception {
        writeDefaultConfig("broker.url=tcp://default-file:1\n");
        Path other = home.resolve("other.properties");
        Files.writeString(other, "broker.url=tcp://other-file:1\n");
        SettingsResolver resolver = new SettingsResolver(Map.of(), home);
        assertEquals("tcp://other-file:1", resolver.resolve(null, null, null, null, other).brokerUrl());
        UsageException e = assertThrows(UsageException.class,
                () -> resolver.resolve(null, null, null, null, home.resolve("missing.properties")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void toStringNeverShowsCredentials() {
        ConnectionSettings s = new ConnectionSettings("tcp://h:1?user=bob&password=s3cret", "bob", "s3cret", Duration.ofSeconds(1));
        assertFalse(s.toString().contains("s3cret"), s.toString());
        assertFalse(s.safeBrokerUrl().contains("s3cret"), s.safeBrokerUrl());
    }
}
