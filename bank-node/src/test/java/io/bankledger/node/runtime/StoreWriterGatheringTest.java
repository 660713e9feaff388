package io.bankledger.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.ledger.BatchResult;
import io.bankledger.node.ledger.Ledger;
import io.bankledger.node.store.AppliedBatch;
import io.bankledger.paxos.CatchUpServe;
import io.bankledger.paxos.Value;
import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the store writer gathers decided groups into one transaction: what is queued, then what
 * arrives within the wait, until what it holds is enough (the events target, the slots' bound, or
 * a group someone waits for). The cases check counts, not clocks, except that a lone group waits
 * out the wait (a lower bound, which a busy machine cannot break).
 */
class StoreWriterGatheringTest {

    private static final long LONG_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void groupsArrivingWithinTheWaitShareTheTransactionUntilEnough() throws Exception {
        // Loads StoreWriter (and its logger) now, so that the wait below is the gathering's.
        StoreWriter.takeCompany(new ArrayBlockingQueue<String>(1), new ArrayList<>(), 0, item -> true);
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(8);
        List<String> taken = new ArrayList<>(List.of("first"));
        Thread applier = new Thread(() -> {
            try {
                queue.put("second");
                Thread.sleep(200);
                queue.put("third");
                queue.put("fourth");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        applier.start();

        // A 30 s wait: it returns as soon as "third" is enough, not at the deadline.
        StoreWriter.takeCompany(queue, taken, LONG_WAIT_NANOS, "third"::equals);
        applier.join();

        assertEquals(List.of("first", "second", "third"), taken);
        assertEquals(List.of("fourth"), new ArrayList<>(queue), "beyond enough it stays queued");
    }

    @Test
    void withNoWaitWhatIsAlreadyQueuedIsTaken() throws Exception {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(8);
        queue.addAll(List.of("b", "c"));
        List<String> taken = new ArrayList<>(List.of("a"));

        StoreWriter.takeCompany(queue, taken, 0, item -> false);

        assertEquals(List.of("a", "b", "c"), taken);
    }

    @Test
    void aLoneGroupWaitsOutTheWait() throws Exception {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(8);
        List<String> taken = new ArrayList<>(List.of("alone"));
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(50);
        long started = System.nanoTime();

        StoreWriter.takeCompany(queue, taken, waitNanos, item -> false);

        long waited = System.nanoTime() - started;
        assertEquals(List.of("alone"), taken);
        assertTrue(waited >= waitNanos, "returned after " + waited + " ns, before the wait ended");
    }

    @Test
    void enoughOnceTheEventsReachTheTarget() {
        Ledger ledger = new Ledger();
        StoreWriter.Held held = new StoreWriter.Held(5);

        assertFalse(held.add(write(ledger, 1, 2)), "2 of 5 events");
        assertFalse(held.add(write(ledger, 2, 2)), "4 of 5 events");
        assertTrue(held.add(write(ledger, 3, 1)), "5 of 5 events");
    }

    @Test
    void enoughOnceTheSlotsReachHalfTheWritersBoundSoTheApplierKeepsRoom() {
        Ledger ledger = new Ledger();
        StoreWriter.Held held = new StoreWriter.Held(Integer.MAX_VALUE);
        for (int slot = 1; slot < StoreWriter.GATHER_SLOTS_MAX; slot++) {
            assertFalse(held.add(write(ledger, slot, 1)), slot + " slots held");
        }
        assertTrue(held.add(write(ledger, StoreWriter.GATHER_SLOTS_MAX, 1)));
        assertTrue(StoreWriter.GATHER_SLOTS_MAX < StoreWriter.SLOTS_MAX);
    }

    @Test
    void aGroupSomeoneWaitsForEndsTheGatheringAtOnce() {
        Ledger ledger = new Ledger();
        StoreWriter.Held held = new StoreWriter.Held(Integer.MAX_VALUE);
        assertFalse(held.add(write(ledger, 1, 1)));

        Command.GetHistory history = new Command.GetHistory(UUID.randomUUID().toString(), "acct-1-0", 0, 10);
        StoreWriter.HistoryAnswer answer = new StoreWriter.HistoryAnswer(List.of(), history,
                Reply.ok(history.commandId(), 2, null, null, null));
        AppliedBatch slot2 = decide(ledger, 2, 0);
        assertTrue(held.add(new StoreWriter.Write(List.of(slot2), List.of(answer), 0)), "a get-history answer waits");

        StoreWriter.Held another = new StoreWriter.Held(Integer.MAX_VALUE);
        assertTrue(another.add(new StoreWriter.Serve(new CatchUpServe(2, 1, 3, 3))), "a peer waits for a serve");
    }

    /** A group of one slot whose ledger outcome is {@code accounts} AccountOpened events. */
    private static StoreWriter.Write write(Ledger ledger, long slot, int accounts) {
        return new StoreWriter.Write(List.of(decide(ledger, slot, accounts)), List.of(), 0);
    }

    private static AppliedBatch decide(Ledger ledger, long slot, int accounts) {
        List<Command> commands = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            commands.add(new Command.OpenAccount(UUID.randomUUID().toString(), "acct-" + slot + "-" + i, "owner", "BRL"));
        }
        BatchResult result = ledger.apply(slot, 0, commands);
        assertEquals(accounts, result.events().size());
        return new AppliedBatch(slot, PaxosCodec.encodeValue(new Value(0, List.of())), result);
    }
}
