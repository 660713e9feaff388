package io.bankledger.cli.client;

import io.bankledger.cli.load.CommandSender;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.NodeStatusView;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A JMS client of the ledger's wire contract: each command is a persistent TextMessage on
 * {@code bank.requests} with JMSCorrelationID = commandId and JMSReplyTo = this client's temporary
 * queue; replies are matched back by correlation id. It never sets Artemis' duplicate id: a retry
 * with the same commandId must reach the ledger to get the first outcome back.
 *
 * <p>Sends go through a small pool of sessions (a JMS session is single-threaded), so many
 * threads can send at once; the number of replies waited for is bounded by the caller (the load
 * generator's in-flight limit). It never retries on its own: retrying is the caller's decision,
 * with the same commandId. {@link #asBatchingSender} sends many commands in one batch message
 * (correlation id = the batch's id); replies to batches are matched in a map of their own.
 */
public final class BankClient implements AutoCloseable {

    private static final CommandCodec CODEC = new CommandCodec();

    private final Connection connection;
    private final Session replySession;
    private final TemporaryQueue replyQueue;
    private final BlockingQueue<Sender> senders;
    private final List<Sender> allSenders = new ArrayList<>();
    private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> batchesWaiting = new ConcurrentHashMap<>();
    private final int senderCount;
    private final List<CommandBatcher> batchers = new CopyOnWriteArrayList<>();

    private record Sender(Session session, MessageProducer requests, MessageProducer admin) {
    }

    private BankClient(Connection connection, int senderCount) throws JMSException {
        this.connection = connection;
        this.senderCount = senderCount;
        replySession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        replyQueue = replySession.createTemporaryQueue();
        MessageConsumer consumer = replySession.createConsumer(replyQueue);
        consumer.setMessageListener(this::onReply);
        senders = new ArrayBlockingQueue<>(senderCount);
        for (int i = 0; i < senderCount; i++) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer requests = session.createProducer(session.createQueue(Destinations.REQUESTS));
            requests.setDeliveryMode(DeliveryMode.PERSISTENT);
            MessageProducer admin = session.createProducer(null);
            admin.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            Sender sender = new Sender(session, requests, admin);
            allSenders.add(sender);
            senders.add(sender);
        }
        connection.start();
    }

    /** Connects with one sending session: enough for one command at a time. */
    public static BankClient connect(ConnectionSettings settings) throws BrokerUnreachableException {
        return connect(settings, 1);
    }

    /** Connects with {@code senderCount} sending sessions, for many concurrent senders. */
    public static BankClient connect(ConnectionSettings settings, int senderCount) throws BrokerUnreachableException {
        if (senderCount < 1 || senderCount > 64) {
            throw new IllegalArgumentException("senderCount must be 1..64: " + senderCount);
        }
        Connection connection = null;
        try {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(settings.brokerUrl());
            // Fail fast on a broker that is not there instead of Artemis' long default waits.
            factory.setInitialConnectAttempts(1);
            factory.setReconnectAttempts(0);
            factory.setCallTimeout(Math.max(1000, settings.timeout().toMillis()));
            factory.setCallFailoverTimeout(Math.max(1000, settings.timeout().toMillis()));
            connection = factory.createConnection(settings.user(), settings.password());
            return new BankClient(connection, senderCount);
        } catch (JMSSecurityException e) {
            closeQuietly(connection);
            throw new BrokerUnreachableException("the broker at " + settings.safeBrokerUrl() + " refused the login"
                    + (settings.devLogin() ? " (the dev cluster's default login " + ConnectionSettings.DEV_USER + ")" : "")
                    + ": set --user/--password (or BANK_USER/BANK_PASSWORD, or user/password in the config file)", e);
        } catch (JMSException | RuntimeException e) {
            closeQuietly(connection);
            throw new BrokerUnreachableException("cannot reach the broker at " + settings.safeBrokerUrl()
                    + ": check that it runs and the URL (--broker-url, BANK_BROKER_URL)", e);
        }
    }

    /** Sends {@code command}; the future completes with its reply (it never times out by itself). */
    public CompletableFuture<Reply> send(Command command) {
        return sendRaw(waiting, command.commandId(), CODEC.encode(command), false, null, 0)
                .thenApply(ReplyCodec::decode);
    }

    /** Sends {@code command} and waits at most {@code timeout} for its reply. */
    public Reply call(Command command, Duration timeout) throws ReplyTimeoutException, BrokerUnreachableException {
        CompletableFuture<Reply> future = send(command);
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            waiting.remove(command.commandId());
            throw new ReplyTimeoutException(command.commandId(), command.isRead(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplyTimeoutException(command.commandId(), command.isRead(), timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BrokerUnreachableException b) {
                throw b;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Asks node {@code nodeId} on its admin queue for its status (and its hash at
     * {@code hashAtSeq} if not null). The request expires after {@code ttl}, so a node that is
     * down does not find a pile of stale questions when it comes back.
     */
    public CompletableFuture<NodeStatusView> nodeStatus(int nodeId, Long hashAtSeq, Duration ttl) {
        String correlationId = UUID.randomUUID().toString();
        return sendRaw(waiting, correlationId, NodeStatusView.request(hashAtSeq), true, Destinations.adminQueue(nodeId),
                ttl.toMillis()).thenApply(NodeStatusView::fromJson);
    }

    /**
     * This client as a {@link CommandSender} for the load generator: a reply not back within the
     * timeout completes the future with a TimeoutException and is forgotten.
     */
    public CommandSender asSender() {
        return (command, timeout) -> send(command)
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((reply, failure) -> {
                    if (failure != null) {
                        forget(command.commandId());
                    }
                });
    }

    /**
     * This client as a {@link CommandSender} that gathers commands into batch messages of at most
     * {@code batchMax} commands (see {@link CommandBatcher}), with one dispatcher thread per
     * sending session, each with one message in flight; a lone command still leaves at once as a
     * single message. Its queue holds
     * twice what the dispatchers take at once: the next batches fill while the current ones are
     * with the broker, and beyond that senders wait (at most their timeout), as they wait for a
     * free session in {@link #asSender()}. Each call starts its own dispatchers; {@link #close()} stops them.
     */
    public CommandSender asBatchingSender(int batchMax) {
        CommandBatcher batcher = new CommandBatcher(new CommandBatcher.Transport() {
            @Override
            public CompletableFuture<String> sendSingle(String commandId, String body) {
                return sendRaw(waiting, commandId, body, false, null, 0);
            }

            @Override
            public CompletableFuture<String> sendBatch(String batchId, String body) {
                return sendRaw(batchesWaiting, batchId, body, false, null, 0);
            }
        }, batchMax, senderCount, 2 * batchMax * senderCount);
        batchers.add(batcher);
        return batcher;
    }

    /** Forgets a reply still awaited (after the caller gave up on it). */
    public void forget(String correlationId) {
        waiting.remove(correlationId);
    }

    /**
     * Sends {@code body} and awaits its reply in {@code replies}; the entry leaves the map when the
     * future completes, however it completes (reply, failed send, cancellation by the caller).
     */
    private CompletableFuture<String> sendRaw(Map<String, CompletableFuture<String>> replies, String correlationId,
                                              String body, boolean admin, String adminQueue, long ttlMs) {
        CompletableFuture<String> future = new CompletableFuture<>();
        future.whenComplete((reply, failure) -> replies.remove(correlationId, future));
        replies.put(correlationId, future);
        Sender sender;
        try {
            sender = senders.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(e);
            return future;
        }
        try {
            TextMessage message = sender.session().createTextMessage(body);
            message.setJMSCorrelationID(correlationId);
            message.setJMSReplyTo(replyQueue);
            if (admin) {
                sender.admin().send(sender.session().createQueue(adminQueue), message, DeliveryMode.NON_PERSISTENT,
                        Message.DEFAULT_PRIORITY, ttlMs);
            } else {
                sender.requests().send(message);
            }
        } catch (JMSException | RuntimeException e) {
            future.completeExceptionally(new BrokerUnreachableException(
                    "sending to the broker failed: " + e.getMessage() + "; check that the broker runs", e));
        } finally {
            senders.add(sender);
        }
        return future;
    }

    private void onReply(Message message) {
        try {
            String correlationId = message.getJMSCorrelationID();
            CompletableFuture<String> future = correlationId == null ? null : waiting.remove(correlationId);
            if (future == null && correlationId != null) {
                future = batchesWaiting.remove(correlationId);
            }
            if (future != null && message instanceof TextMessage text) {
                future.complete(text.getText());
            }
        } catch (JMSException | RuntimeException e) {
            // An unreadable reply leaves its command waiting: it times out and can be looked up.
        }
    }

    /** Number of replies still awaited (a batch awaits one reply). */
    public int awaiting() {
        return waiting.size() + batchesWaiting.size();
    }

    @Override
    public void close() {
        batchers.forEach(CommandBatcher::close);
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException ignored) {
                // Closing is best effort: the process is about to exit or the broker is gone.
            }
        }
    }
}
