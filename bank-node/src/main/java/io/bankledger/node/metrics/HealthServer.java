package io.bankledger.node.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * HTTP endpoints of one node: {@code /metrics} (Prometheus text), {@code /health/live} (the node's
 * loop runs) and {@code /health/ready} (live, a leader is known and this node has applied what it
 * knows to be chosen, within a few slots). 200 when true, 503 when not.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    public HealthServer(String host, int port, Supplier<String> metrics, BooleanSupplier live,
                        Supplier<String> readiness) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4",
                metrics.get()));
        server.createContext("/health/live", exchange -> {
            boolean ok = live.getAsBoolean();
            respond(exchange, ok ? 200 : 503, "text/plain", ok ? "live\n" : "not live\n");
        });
        server.createContext("/health/ready", exchange -> {
            String notReady = readiness.get();
            respond(exchange, notReady == null ? 200 : 503, "text/plain",
                    notReady == null ? "ready\n" : "not ready: " + notReady + "\n");
        });
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "health-http-" + port);
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
