package io.bankledger.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which server settings a node complains about at start (the servers themselves: EmbeddedDatabaseServerTest). */
class ServerSettingsTest {

    private static final Map<String, String> DURABLE = Map.of("fsync", "on", "synchronous_commit", "on",
            "full_page_writes", "on", "autovacuum", "on", "autovacuum_naptime", "5");

    private static Map<String, String> with(String name, String value) {
        Map<String, String> settings = new HashMap<>(DURABLE);
        settings.put(name, value);
        return settings;
    }

    @Test
    void aDurableServerThatLooksEveryFiveSecondsHasNoProblem() {
        assertEquals(List.of(), ServerSettings.problems(DURABLE));
        // Flushed locally, whatever a standby does: durable for this node.
        assertEquals(List.of(), ServerSettings.problems(with("synchronous_commit", "local")));
        assertEquals(List.of(), ServerSettings.problems(with("autovacuum_naptime", "1")));
    }

    @Test
    void eachSettingThatLosesTransfersOrDelaysVacuumIsNamed() {
        assertEquals(List.of("fsync is off: a crash of the server can lose or corrupt acknowledged transfers"),
                ServerSettings.problems(with("fsync", "off")));
        assertEquals(List.of("full_page_writes is off: a crash of the server can lose or corrupt acknowledged transfers"),
                ServerSettings.problems(with("full_page_writes", "off")));
        assertEquals(List.of("synchronous_commit is off: a crash of the server can lose acknowledged transfers"),
                ServerSettings.problems(with("synchronous_commit", "off")));
        assertEquals(List.of("autovacuum is off: the tables that only grow are never vacuumed or frozen"),
                ServerSettings.problems(with("autovacuum", "off")));
        assertEquals(List.of("autovacuum_naptime is 60 s, more than 5 s: the tables that only grow are vacuumed"
                        + " after their pages have left memory, and written to the WAL twice (README, Operating a node)"),
                ServerSettings.problems(with("autovacuum_naptime", "60")));
    }
}
