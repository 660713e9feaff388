package io.bankledger.cli.client;

import io.bankledger.cli.load.CommandSender;
import io.bankledger.protocol.BatchReply;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import io.bankledger.protocol.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gathers commands sent one at a time into batch messages, as TigerBeetle's client does: commands
 * wait in a queue, and each dispatcher thread takes everything queued — at most {@code batchMax}
 * commands, and never so many that the batch body would pass {@link CommandCodec#BATCH_BYTES_MAX}
 * — and sends it as one message. A lone command leaves at once as an ordinary single message;
 * under load, commands pile up while a dispatcher's send waits for the broker, so batches grow by
 * themselves with no waiting on purpose.
 *
 * <p>Each command keeps its own future and its own reply: the node decides every command of a
 * batch exactly as if it had come alone, and the batch reply is split back in order. The batcher
 * never retries and never reorders within a batch; with several dispatchers, batches may overtake
 * one another, as single messages on several sessions do.
 *
 * <p>More dispatchers add messages in flight only when they carry full batches: while one
 * message is unanswered, another dispatcher sends only once {@code batchMax} commands are
 * waiting, and otherwise waits for an answer. Below the rate one message per round trip can
 * carry, the client therefore sends one message at a time, each as full as that allows (every
 * message costs the broker and the nodes the same work, whatever it carries); above it, the
 * other dispatchers send full batches alongside (benchmarks/HISTORY.md, session 12). Full is counted in
 * commands: a batch the byte bound fills first waits for the answer, as with one dispatcher.
 *
 * <p>Bounds: the queue holds at most {@code queueMax} commands and a sender waits for room beyond
 * that, at most its timeout (callers such as the load generator bound their own in-flight
 * commands, so this wait is back-pressure, and it counts in their latency). Each future times
 * out {@code timeout} after {@link #send}, and once every future of a message is complete the
 * message's reply is given up on (the {@link Transport}'s future is cancelled), so nothing is
 * kept for a reply that never comes.
 */
public final class CommandBatcher implements CommandSender, AutoCloseable {

    /**
     * The other side of the wire. Each method sends a body with JMSCorrelationID = the id; it may
     * block until the broker has the message. The future completes with the reply's body, or
     * exceptionally if the send failed; the batcher cancels it once it no longer needs the reply.
     */
    public interface Transport {
        CompletableFuture<String> sendSingle(String commandId, String body);

        CompletableFuture<String> sendBatch(String batchId, String body);
    }

    private static final CommandCodec CODEC = new CommandCodec();
    /** The longest a dispatcher waits for its message's answer before it sends the next one. */
    static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(1);
    /** The bytes of a batch body around its commands; the batch id is a UUID, always 36 characters. */
    private static final int ENVELOPE_BYTES = utf8Length(CODEC.encodeBatch(UUID.randomUUID().toString(), List.of()));

    private record Pending(Command command, String body, int bodyBytes, CompletableFuture<Reply> reply) {
    }

    private final Transport transport;
    private final int batchMax;
    private final BlockingQueue<Pending> queue;
    /** Dispatchers take in turn, so the command a dispatcher looked at is the one it takes. */
    private final ReentrantLock takeLock = new ReentrantLock();
    /**
     * Signalled when a message is answered or a full batch is waiting. Its own lock, so that the
     * dispatcher waiting on it keeps {@link #takeLock}: no other dispatcher takes commands that
     * arrived after the one it holds.
     */
    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition answeredOrFull = signalLock.newCondition();
    /** Messages taken and not yet answered (or given up on). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Thread> dispatchers = new ArrayList<>();
    private volatile boolean closed;

    /** Starts {@code dispatcherCount} daemon dispatcher threads; {@link #close()} stops them. */
    public CommandBatcher(Transport transport, int batchMax, int dispatcherCount, int queueMax) {
        if (batchMax < 1 || batchMax > CommandCodec.BATCH_COMMANDS_MAX) {
            throw new IllegalArgumentException("batchMax must be 1.." + CommandCodec.BATCH_COMMANDS_MAX + ": " + batchMax);
        }
        if (dispatcherCount < 1 || queueMax < batchMax) {
            throw new IllegalArgumentException("need a dispatcher and room for a full batch: dispatcherCount "
                    + dispatcherCount + ", queueMax " + queueMax);
        }
        this.transport = transport;
        this.batchMax = batchMax;
        this.queue = new ArrayBlockingQueue<>(queueMax);
        for (int i = 0; i < dispatcherCount; i++) {
            Thread thread = new Thread(this::dispatch, "bank-batcher-" + i);
            thread.setDaemon(true);
            dispatchers.add(thread);
        }
        dispatchers.forEach(Thread::start);
    }

    /**
     * Queues {@code command}, waiting at most {@code timeout} for room if the queue is full; the
     * future completes with its reply, or with a TimeoutException {@code timeout} after this call
     * (time in the queue counts).
     */
    @Override
    public CompletableFuture<Reply> send(Command command, Duration timeout) {
        CompletableFuture<Reply> reply = new CompletableFuture<Reply>().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (closed) {
            reply.completeExceptionally(new IllegalStateException("the client is closed"));
            return reply;
        }
        String body = CODEC.encode(command);
        try {
            if (!queue.offer(new Pending(command, body, utf8Length(body), reply), timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                reply.completeExceptionally(new TimeoutException("no room in the send queue for " + timeout));
            } else if (inFlight.get() > 0 && queue.size() + 1 >= batchMax) {
                wake();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply.completeExceptionally(e);
        }
        return reply;
    }

    /** Queues the command for a dispatcher; waits only for room in the queue, never for the broker. */
    @Override
    public boolean onlyQueues() {
        return true;
    }

    /** Stops the dispatchers; commands still queued fail, commands already sent keep their timeouts. */
    @Override
    public void close() {
        closed = true;
        dispatchers.forEach(Thread::interrupt);
        for (Pending pending; (pending = queue.poll()) != null; ) {
            pending.reply().completeExceptionally(new IllegalStateException("the client closed before the command was sent"));
        }
    }

    private void dispatch() {
        while (!closed) {
            List<Pending> taken;
            try {
                taken = take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                awaitAnswer(sendTaken(taken));
            } finally {
                inFlight.decrementAndGet();
                wake();
            }
        }
    }

    /** Wakes a dispatcher waiting for an answer or a full batch to send its own message. */
    private void wake() {
        signalLock.lock();
        try {
            answeredOrFull.signalAll();
        } finally {
            signalLock.unlock();
        }
    }

    /**
     * One message in flight per dispatcher, as TigerBeetle's client keeps one request in flight
     * per session: while it waits for its answer the commands that arrive meanwhile gather into
     * the next batch, so batches grow with load and with latency instead of staying small under
     * a steady trickle. A lost answer holds the dispatcher at most {@link #IN_FLIGHT_WAIT}.
     */
    private static void awaitAnswer(CompletableFuture<String> answer) {
        try {
            answer.get(IN_FLIGHT_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            // The commands' own futures carry the outcome; the dispatcher just moves on.
        }
    }

    /**
     * Waits for a command; while another message is in flight, waits further until a full batch
     * is queued or that message is answered; then takes what follows the command while the batch
     * stays within both bounds, and counts the message in flight.
     */
    private List<Pending> take() throws InterruptedException {
        takeLock.lockInterruptibly();
        try {
            Pending first = queue.take();
            signalLock.lock();
            try {
                // + 1: first, already out of the queue
                while (inFlight.get() > 0 && queue.size() + 1 < batchMax) {
                    answeredOrFull.await();
                }
            } catch (InterruptedException e) {
                first.reply().completeExceptionally(
                        new IllegalStateException("the client closed before the command was sent"));
                throw e;
            } finally {
                signalLock.unlock();
            }
            List<Pending> taken = new ArrayList<>();
            taken.add(first);
            long bytes = ENVELOPE_BYTES + first.bodyBytes();
            while (taken.size() < batchMax) {
                Pending next = queue.peek();
                // + 1: the comma before it in the commands array
                if (next == null || bytes + 1 + next.bodyBytes() > CommandCodec.BATCH_BYTES_MAX) {
                    break;
                }
                bytes += 1 + next.bodyBytes();
                taken.add(queue.poll());
            }
            inFlight.incrementAndGet();
            return taken;
        } finally {
            takeLock.unlock();
        }
    }

    private CompletableFuture<String> sendTaken(List<Pending> taken) {
        CompletableFuture<String> answer;
        try {
            answer = taken.size() == 1
                    ? transport.sendSingle(taken.get(0).command().commandId(), taken.get(0).body())
                    : sendBatch(taken);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<String> reply = answer;
        CompletableFuture.allOf(taken.stream().map(Pending::reply).toArray(CompletableFuture<?>[]::new))
                .whenComplete((done, failure) -> reply.cancel(false));
        reply.whenComplete((body, failure) -> {
            if (failure != null) {
                fail(taken, failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
                return;
            }
            try {
                List<Reply> results = taken.size() == 1 ? List.of(ReplyCodec.decode(body)) : split(taken, body);
                for (int i = 0; i < taken.size(); i++) {
                    taken.get(i).reply().complete(results.get(i));
                }
            } catch (RuntimeException e) {
                fail(taken, e);
            }
        });
        return reply;
    }

    private CompletableFuture<String> sendBatch(List<Pending> taken) {
        String batchId = UUID.randomUUID().toString();
        String body = CODEC.encodeBatch(batchId, taken.stream().map(Pending::command).toList());
        if (utf8Length(body) > CommandCodec.BATCH_BYTES_MAX) {
            throw new IllegalStateException("a batch of " + taken.size() + " commands passed "
                    + CommandCodec.BATCH_BYTES_MAX + " bytes: its size was reckoned wrong");
        }
        return transport.sendBatch(batchId, body);
    }

    /**
     * Each command's reply from the batch reply, in order; a batch refused as a whole (a plain
     * INVALID reply) gives every command that refusal under its own commandId.
     */
    private static List<Reply> split(List<Pending> taken, String body) {
        BatchReply batch;
        try {
            batch = ReplyCodec.decodeBatch(body);
        } catch (IllegalArgumentException notABatchReply) {
            Reply refusal = ReplyCodec.decode(body);
            if (refusal.status() != Status.INVALID) {
                throw new IllegalStateException("a batch got a " + refusal.status() + " reply without results");
            }
            return taken.stream()
                    .map(p -> Reply.invalid(p.command().commandId(), refusal.reason(), refusal.detail()))
                    .toList();
        }
        if (batch.results().size() != taken.size()) {
            throw new IllegalStateException("a batch of " + taken.size() + " commands got "
                    + batch.results().size() + " results");
        }
        for (int i = 0; i < taken.size(); i++) {
            String resultId = batch.results().get(i).commandId();
            if (resultId != null && !resultId.equals(taken.get(i).command().commandId())) {
                throw new IllegalStateException("result " + i + " of a batch is for command " + resultId
                        + ", not " + taken.get(i).command().commandId());
            }
        }
        return batch.results();
    }

    private static void fail(List<Pending> taken, Throwable failure) {
        taken.forEach(p -> p.reply().completeExceptionally(failure));
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
