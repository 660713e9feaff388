package io.bankledger.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.protocol.BatchReply;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.DecodeResult;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import io.bankledger.protocol.RequestBody;
import io.bankledger.protocol.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batching logic against a fake other side of the wire ({@link Wire}): it records each message
 * and answers as a node would, with bodies made by ReplyCodec. To make commands pile up without
 * sleeping, the wire holds the first send until the test opens its gate: the one dispatcher is
 * then busy, so everything sent meanwhile is queued when it comes back, and the batches it forms
 * are fixed. The real broker and nodes are exercised by the integration tests.
 */
class CommandBatcherTest {

    private static final CommandCodec CODEC = new CommandCodec();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Wire wire = new Wire();
    private CommandBatcher batcher;

    @AfterEach
    void close() {
        wire.gate.countDown();
        if (batcher != null) {
            batcher.close();
        }
    }

    @Test
    void aLoneCommandLeavesAtOnceAsAnOrdinaryMessage() throws Exception {
        wire.gate.countDown();
        batcher = new CommandBatcher(wire, 100, 1, 200);
        Command deposit = deposit(7);

        Reply reply = batcher.send(deposit, TIMEOUT).get(10, TimeUnit.SECONDS);

        Wire.Message message = wire.next();
        assertFalse(message.batch());
        assertEquals(deposit.commandId(), message.correlationId());
        assertEquals(CODEC.encode(deposit), message.body());
        assertEquals(deposit.commandId(), reply.commandId());
        assertEquals(7L, reply.slot());
    }

    @Test
    void queuedCommandsLeaveInOrderInBatchesOfAtMostBatchMax() throws Exception {
        batcher = new CommandBatcher(wire, 10, 1, 100);
        List<Command> commands = new ArrayList<>();
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            commands.add(deposit(100 + i));
            replies.add(batcher.send(commands.get(i), TIMEOUT));
            if (i == 0) {
                assertFalse(wire.next().batch(), "the first command finds the dispatcher idle and leaves alone");
            }
        }
        wire.gate.countDown();

        List<Command> delivered = new ArrayList<>(commands.subList(0, 1));
        for (int size : new int[] {10, 10, 5}) {
            Wire.Message batch = wire.next();
            assertTrue(batch.batch());
            assertEquals(size, batch.commands().size());
            delivered.addAll(batch.commands());
        }
        assertEquals(commands, delivered);
        for (int i = 0; i < commands.size(); i++) {
            Reply reply = replies.get(i).get(10, TimeUnit.SECONDS);
            assertEquals(commands.get(i).commandId(), reply.commandId());
            assertEquals(100L + i, reply.slot(), "command " + i + " got its own result");
        }
    }

    @Test
    void aDispatcherKeepsOneMessageInFlightAndTheNextBatchGathersMeanwhile() throws Exception {
        Held first = holdFirst(100, 1);

        List<Command> later = new ArrayList<>();
        List<CompletableFuture<Reply>> laterReplies = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            later.add(deposit(10 + i));
            laterReplies.add(batcher.send(later.get(i), TIMEOUT));
        }
        assertEquals(null, wire.sent.poll(200, TimeUnit.MILLISECONDS),
                "nothing else leaves while the first message is unanswered");

        first.answer();
        Wire.Message batch = wire.next();
        assertTrue(batch.batch());
        assertEquals(later, batch.commands(), "everything that arrived meanwhile, in one batch");
        assertEquals(1L, first.reply().get(10, TimeUnit.SECONDS).slot());
        for (int i = 0; i < later.size(); i++) {
            assertEquals(10L + i, laterReplies.get(i).get(10, TimeUnit.SECONDS).slot());
        }
    }

    @Test
    void aSecondDispatcherSendsOnlyAFullBatchWhileAMessageIsInFlight() throws Exception {
        Held first = holdFirst(10, 2);

        List<Command> later = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            later.add(deposit(10 + i));
        }
        List<CompletableFuture<Reply>> laterReplies = new ArrayList<>(sendAll(later.subList(0, 9)));
        assertEquals(null, wire.sent.poll(300, TimeUnit.MILLISECONDS),
                "with a message in flight, the idle dispatcher does not send nine commands of ten");

        laterReplies.add(batcher.send(later.get(9), TIMEOUT));
        Wire.Message batch = wire.next();
        assertTrue(batch.batch());
        assertEquals(later, batch.commands(), "a full batch leaves beside the unanswered message");
        for (int i = 0; i < later.size(); i++) {
            assertEquals(10L + i, laterReplies.get(i).get(10, TimeUnit.SECONDS).slot());
        }
        assertFalse(first.reply().isDone());

        first.answer();
        assertEquals(1L, first.reply().get(10, TimeUnit.SECONDS).slot());
        wire.answer = Wire::answerOk;
        Command alone = deposit(50);
        assertEquals(50L, batcher.send(alone, TIMEOUT).get(10, TimeUnit.SECONDS).slot(),
                "with nothing in flight a lone command leaves at once");
        assertFalse(wire.next().batch());
    }

    @Test
    void aBatchRefusedAsAWholeGivesEachCommandTheRefusalUnderItsOwnId() throws Exception {
        wire.answer = message -> message.batch()
                ? CompletableFuture.completedFuture(ReplyCodec.encode(
                        Reply.invalid(message.correlationId(), Reason.TOO_LARGE, "batch refused")))
                : Wire.answerOk(message);
        batcher = new CommandBatcher(wire, 10, 1, 100);
        List<Command> commands = pileUp(4);
        List<CompletableFuture<Reply>> replies = sendAll(commands);
        wire.gate.countDown();

        for (int i = 0; i < commands.size(); i++) {
            Reply reply = replies.get(i).get(10, TimeUnit.SECONDS);
            assertEquals(commands.get(i).commandId(), reply.commandId());
            assertEquals(Status.INVALID, reply.status());
            assertEquals(Reason.TOO_LARGE, reply.reason());
            assertEquals("batch refused", reply.detail());
        }
    }

    @Test
    void aFailedSendFailsEveryCommandOfTheBatch() throws Exception {
        BrokerUnreachableException down = new BrokerUnreachableException("sending to the broker failed", null);
        wire.answer = message -> message.batch() ? CompletableFuture.failedFuture(down) : Wire.answerOk(message);
        batcher = new CommandBatcher(wire, 10, 1, 100);
        List<CompletableFuture<Reply>> replies = sendAll(pileUp(5));
        wire.gate.countDown();

        for (CompletableFuture<Reply> reply : replies) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(10, TimeUnit.SECONDS));
            assertEquals(down, e.getCause());
        }
    }

    @Test
    void theByteBoundSplitsBatchesBeforeTheyPassIt() throws Exception {
        batcher = new CommandBatcher(wire, CommandCodec.BATCH_COMMANDS_MAX, 1, 2 * CommandCodec.BATCH_COMMANDS_MAX);
        List<Command> commands = new ArrayList<>();
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < CommandCodec.BATCH_COMMANDS_MAX + 1; i++) {
            commands.add(heavyOpenAccount(i));
            replies.add(batcher.send(commands.get(i), TIMEOUT));
            if (i == 0) {
                wire.next();
            }
        }
        wire.gate.countDown();

        List<Wire.Message> batches = new ArrayList<>();
        int delivered = 0;
        while (delivered < CommandCodec.BATCH_COMMANDS_MAX) {
            Wire.Message batch = wire.next();
            assertTrue(batch.batch());
            batches.add(batch);
            delivered += batch.commands().size();
        }
        assertTrue(batches.size() >= 2, "1000 commands of 1.3 kB cannot fit in 1 MiB: " + batches.size() + " batch");
        int next = 1;
        for (Wire.Message batch : batches) {
            assertTrue(bytes(batch.body()) <= CommandCodec.BATCH_BYTES_MAX);
            assertEquals(commands.subList(next, next + batch.commands().size()), batch.commands());
            next += batch.commands().size();
            if (next < commands.size()) {
                List<Command> withNext = new ArrayList<>(batch.commands());
                withNext.add(commands.get(next));
                assertTrue(bytes(CODEC.encodeBatch(batch.correlationId(), withNext)) > CommandCodec.BATCH_BYTES_MAX,
                        "a batch stops only where the next command would pass the bound");
            }
        }
        for (CompletableFuture<Reply> reply : replies) {
            assertEquals(Status.OK, reply.get(10, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void aReplyThatNeverComesTimesOutAndIsGivenUp() throws Exception {
        CompletableFuture<String> neverAnswered = new CompletableFuture<>();
        wire.answer = message -> neverAnswered;
        wire.gate.countDown();
        batcher = new CommandBatcher(wire, 10, 1, 100);

        CompletableFuture<Reply> reply = batcher.send(deposit(1), Duration.ofMillis(50));

        ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(10, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!neverAnswered.isCancelled() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(neverAnswered.isCancelled(), "the transport is told to stop waiting for the reply");
    }

    @Test
    void closeFailsTheCommandsStillQueued() throws Exception {
        batcher = new CommandBatcher(wire, 10, 1, 100);
        batcher.send(deposit(1), TIMEOUT);
        wire.next();
        CompletableFuture<Reply> queued = batcher.send(deposit(2), TIMEOUT);

        batcher.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> queued.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        ExecutionException late = assertThrows(ExecutionException.class,
                () -> batcher.send(deposit(3), TIMEOUT).get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, late.getCause());
    }

    @Test
    void batchMaxIsBetweenOneAndTheProtocolsLimit() {
        assertThrows(IllegalArgumentException.class, () -> new CommandBatcher(wire, 0, 1, 100));
        assertThrows(IllegalArgumentException.class,
                () -> new CommandBatcher(wire, CommandCodec.BATCH_COMMANDS_MAX + 1, 1, 10_000));
    }

    /** A first command on the wire whose answer waits for {@link #answer()}. */
    private record Held(Command command, CompletableFuture<Reply> reply, CompletableFuture<String> held) {
        void answer() {
            held.complete(ReplyCodec.encode(Reply.ok(command.commandId(), 1, null, null, null)));
        }
    }

    /**
     * Opens the gate, starts a batcher whose wire answers batches at once but holds the answer of
     * single messages, and sends a first command: it stays in flight until {@link Held#answer()}.
     */
    private Held holdFirst(int batchMax, int dispatchers) throws InterruptedException {
        wire.gate.countDown();
        CompletableFuture<String> answer = new CompletableFuture<>();
        wire.answer = message -> message.batch() ? Wire.answerOk(message) : answer;
        batcher = new CommandBatcher(wire, batchMax, dispatchers, 2 * batchMax * dispatchers);
        Command first = deposit(1);
        CompletableFuture<Reply> reply = batcher.send(first, TIMEOUT);
        assertFalse(wire.next().batch());
        return new Held(first, reply, answer);
    }

    /** Sends a first command and waits until the wire holds it: what is sent next piles up. */
    private List<Command> pileUp(int count) throws InterruptedException {
        batcher.send(deposit(1), TIMEOUT);
        assertFalse(wire.next().batch());
        List<Command> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            commands.add(deposit(10 + i));
        }
        return commands;
    }

    private List<CompletableFuture<Reply>> sendAll(List<Command> commands) {
        return commands.stream().map(c -> batcher.send(c, TIMEOUT)).toList();
    }

    private static Command deposit(long amountMinor) {
        return new Command.Deposit(UUID.randomUUID().toString(), "acct-" + amountMinor, amountMinor);
    }

    /** A control character is written as backslash-u-0001: six bytes for one character, the most an owner weighs. */
    private static Command heavyOpenAccount(int i) {
        return new Command.OpenAccount(UUID.randomUUID().toString(), "acct-" + i, "\u0001".repeat(200), "BRL");
    }

    private static int bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * The other side of the wire: keeps every message in order, holds each send until the gate
     * opens, then answers with {@link #answer} (by default as a node that accepts everything, with
     * slot = a deposit's amount so each reply can be traced to its command).
     */
    private static final class Wire implements CommandBatcher.Transport {

        record Message(String correlationId, String body, boolean batch) {
            List<Command> commands() {
                if (!(CODEC.decodeRequest(body) instanceof RequestBody.Batch batch)) {
                    throw new IllegalStateException("not a batch: " + body);
                }
                return batch.items().stream().map(item -> ((DecodeResult.Decoded) item).command()).toList();
            }
        }

        final BlockingQueue<Message> sent = new LinkedBlockingQueue<>();
        final CountDownLatch gate = new CountDownLatch(1);
        volatile Function<Message, CompletableFuture<String>> answer = Wire::answerOk;

        @Override
        public CompletableFuture<String> sendSingle(String commandId, String body) {
            return deliver(new Message(commandId, body, false));
        }

        @Override
        public CompletableFuture<String> sendBatch(String batchId, String body) {
            return deliver(new Message(batchId, body, true));
        }

        private CompletableFuture<String> deliver(Message message) {
            sent.add(message);
            try {
                gate.await();
            } catch (InterruptedException e) {
                return CompletableFuture.failedFuture(e);
            }
            return answer.apply(message);
        }

        Message next() throws InterruptedException {
            Message message = sent.poll(10, TimeUnit.SECONDS);
            assertNotNull(message, "no message reached the wire");
            return message;
        }

        static CompletableFuture<String> answerOk(Message message) {
            String reply = message.batch()
                    ? ReplyCodec.encodeBatch(new BatchReply(message.correlationId(),
                            message.commands().stream().map(Wire::ok).toList()))
                    : ReplyCodec.encode(ok(((DecodeResult.Decoded) CODEC.decode(message.body())).command()));
            return CompletableFuture.completedFuture(reply);
        }

        private static Reply ok(Command command) {
            long slot = command instanceof Command.Deposit deposit ? deposit.amountMinor() : 1;
            return Reply.ok(command.commandId(), slot, null, null, null);
        }
    }
}
