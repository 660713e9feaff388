package io.bankledger.node.testing;

import io.bankledger.node.dev.EmbeddedBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;

/** One embedded Artemis broker per test JVM, on a free loopback port, journal in a temp dir. */
public final class TestBroker {

    private static EmbeddedBroker broker;

    private TestBroker() {
    }

    public static synchronized EmbeddedBroker shared() {
        if (broker == null) {
            try {
                EmbeddedBroker started = new EmbeddedBroker(Files.createTempDirectory("bank-test-broker"), freePort()).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (Exception ignored) {
                        // The JVM is exiting.
                    }
                }, "test-broker-shutdown"));
                broker = started;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the embedded test broker", e);
            }
        }
        return broker;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
