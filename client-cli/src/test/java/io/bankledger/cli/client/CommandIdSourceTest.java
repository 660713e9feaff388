package io.bankledger.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class CommandIdSourceTest {

    @Test
    void idsAreVersionSevenUuidsThatOnlyGrowAndNeverRepeat() {
        long before = System.currentTimeMillis();
        String previous = CommandIdSource.next();
        Set<String> seen = new HashSet<>(Set.of(previous));
        for (int i = 0; i < 50_000; i++) {
            String id = CommandIdSource.next();
            UUID uuid = UUID.fromString(id);
            assertEquals(7, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            // The node's index orders uuids by their bytes, which is the order of their lowercase text.
            assertTrue(id.compareTo(previous) > 0, id + " after " + previous);
            assertTrue(seen.add(id), id);
            previous = id;
        }
        long millis = UUID.fromString(previous).getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= System.currentTimeMillis(), "timestamp " + millis);
    }

    @Test
    void idsFromConcurrentThreadsAreDistinct() throws InterruptedException {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    seen.add(CommandIdSource.next());
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(80_000, seen.size());
    }
}
