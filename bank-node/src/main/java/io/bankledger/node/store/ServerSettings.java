package io.bankledger.node.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The settings of a node's PostgreSQL server that its guarantees and upkeep rest on, read from the
 * server at start: a node on a server that does not flush its commits, or whose autovacuum comes
 * too late for V14's schedule, says so in its log instead of running as if all were well.
 */
public final class ServerSettings {

    /** V14 asks for the append-only tables to be vacuumed every 10,000 rows; that needs a look this often. */
    static final int NAPTIME_SECONDS_MAX = 5;

    private ServerSettings() {
    }

    /** What is wrong with the server's settings, one sentence each; empty when nothing is. */
    public static List<String> problems(DataSource dataSource) {
        Map<String, String> settings = Jdbi.create(dataSource).withHandle(handle -> handle.createQuery("""
                        SELECT name, setting FROM pg_settings
                        WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'autovacuum', 'autovacuum_naptime')""")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        return problems(settings);
    }

    /** {@code settings} as pg_settings gives them (autovacuum_naptime in seconds). */
    static List<String> problems(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        for (String flush : List.of("fsync", "full_page_writes")) {
            if ("off".equals(settings.get(flush))) {
                problems.add(flush + " is off: a crash of the server can lose or corrupt acknowledged transfers");
            }
        }
        if ("off".equals(settings.get("synchronous_commit"))) {
            problems.add("synchronous_commit is off: a crash of the server can lose acknowledged transfers");
        }
        if ("off".equals(settings.get("autovacuum"))) {
            problems.add("autovacuum is off: the tables that only grow are never vacuumed or frozen");
        } else if (settings.containsKey("autovacuum_naptime")
                && Integer.parseInt(settings.get("autovacuum_naptime")) > NAPTIME_SECONDS_MAX) {
            problems.add("autovacuum_naptime is " + settings.get("autovacuum_naptime") + " s, more than "
                    + NAPTIME_SECONDS_MAX + " s: the tables that only grow are vacuumed after their pages have left"
                    + " memory, and written to the WAL twice (README, Operating a node)");
        }
        return problems;
    }
}
