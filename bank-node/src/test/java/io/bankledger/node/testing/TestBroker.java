package io.bankledger.node.testing;

import io.bankledger.node.dev.EmbeddedBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.apache.commons.io.file.PathUtils;

/**
 * One embedded Artemis broker per test JVM, on a free loopback port, its journal in a temporary
 * directory deleted when the JVM exits.
 */
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
                        PathUtils.deleteDirectory(started.dataDirectory());
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
