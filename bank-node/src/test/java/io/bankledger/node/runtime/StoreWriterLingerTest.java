package io.bankledger.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the store writer gathers decided groups into one transaction: what is queued, then what
 * arrives within the linger, never more than the bound. The cases check counts, not clocks, except
 * that a lone group waits out the linger (a lower bound, which a busy machine cannot break).
 */
class StoreWriterLingerTest {

    private static final long LONG_LINGER_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void groupsArrivingWithinTheLingerShareTheTransactionUpToTheBound() throws Exception {
        // Loads StoreWriter (and its logger) now, so that the wait below is the linger's.
        StoreWriter.takeCompany(new ArrayBlockingQueue<String>(1), new ArrayList<>(), 0, 1);
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

        // A 30 s linger: it returns as soon as the bound of 3 is held, not at the deadline.
        StoreWriter.takeCompany(queue, taken, LONG_LINGER_NANOS, 3);
        applier.join();

        assertEquals(List.of("first", "second", "third"), taken);
        assertEquals(List.of("fourth"), new ArrayList<>(queue), "beyond the bound it stays queued");
    }

    @Test
    void whatIsAlreadyQueuedIsTakenWithoutWaiting() throws Exception {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(8);
        queue.addAll(List.of("b", "c"));
        List<String> taken = new ArrayList<>(List.of("a"));

        StoreWriter.takeCompany(queue, taken, 0, 4);

        assertEquals(List.of("a", "b", "c"), taken);
    }

    @Test
    void aLoneGroupWaitsOutTheLinger() throws Exception {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(8);
        List<String> taken = new ArrayList<>(List.of("alone"));
        long lingerNanos = TimeUnit.MILLISECONDS.toNanos(50);
        long started = System.nanoTime();

        StoreWriter.takeCompany(queue, taken, lingerNanos, 4);

        long waited = System.nanoTime() - started;
        assertEquals(List.of("alone"), taken);
        assertTrue(waited >= lingerNanos, "returned after " + waited + " ns, before the linger ended");
    }
}
