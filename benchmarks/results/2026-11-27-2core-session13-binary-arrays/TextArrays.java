import io.bankledger.node.dev.EmbeddedDatabaseServer;
import java.nio.file.*;
import java.sql.*;
import java.util.*;

/**
 * Session 13's one-off measurement (not part of the build): the CPU a PostgreSQL backend spends receiving
 * the text[] columns of 200-transfer groups, as array literals (as ApplyStatement bound them until
 * a955a56) and as pgjdbc's binary arrays (since). Run from the repository root after
 * `mvn -q install -DskipTests` and `mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt`:
 *   CP="bank-node/target/classes:$(cat benchmarks/target/classpath.txt)"
 *   javac -cp "$CP" -d target/textarrays benchmarks/results/2026-11-27-2core-session13-binary-arrays/TextArrays.java
 *   java -cp "target/textarrays:$CP" TextArrays
 */
public class TextArrays {
    static double backendCpu(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
    static String literal(List<String> values) {
        StringBuilder out = new StringBuilder("{");
        for (int n = 0; n < values.size(); n++) {
            if (n > 0) out.append(',');
            String v = values.get(n);
            if (v == null) { out.append("NULL"); continue; }
            out.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("textarrays");
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dir.resolve("pg"), 0, true);
             Connection c = server.adminDataSource("postgres").getConnection()) {
            long pid;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) { r.next(); pid = r.getLong(1); }
            Random random = new Random(1);
            // The text columns of one group of 200 transfers: 200 events (command id, type, payload, status, reason, reply),
            // 400 accounts changed (id, owner, currency, status) and 400 history lines (account, command, type, counterparty).
            List<List<String>> columns = new ArrayList<>();
            List<String> ids = new ArrayList<>(), types = new ArrayList<>(), payloads = new ArrayList<>(), st = new ArrayList<>(),
                    reasons = new ArrayList<>(), replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = UUID.randomUUID().toString();
                int from = random.nextInt(10000), to = random.nextInt(10000), amount = 1 + random.nextInt(100);
                ids.add(id); types.add("TransferCompleted"); st.add("OK"); reasons.add(null);
                payloads.add("{\"type\":\"TransferCompleted\",\"commandId\":\"" + id + "\",\"fromAccountId\":\"acct-" + from
                        + "\",\"toAccountId\":\"acct-" + to + "\",\"amountMinor\":" + amount + ",\"currency\":\"BRL\",\"fromBalanceAfterMinor\":99999"
                        + ",\"toBalanceAfterMinor\":100045}");
                replies.add("{\"commandId\":\"" + id + "\",\"status\":\"OK\",\"seq\":" + (1000 + i) + ",\"slot\":55,\"balanceMinor\":99999}");
            }
            columns.add(ids); columns.add(types); columns.add(payloads); columns.add(st); columns.add(reasons); columns.add(replies);
            List<String> acc = new ArrayList<>(), owner = new ArrayList<>(), cur = new ArrayList<>(), ast = new ArrayList<>(),
                    hcmd = new ArrayList<>(), htype = new ArrayList<>(), hcp = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                acc.add("acct-" + random.nextInt(10000)); owner.add("Owner " + i); cur.add("BRL"); ast.add("OPEN");
                hcmd.add(ids.get(i / 2)); htype.add("TransferCompleted"); hcp.add("acct-" + random.nextInt(10000));
            }
            columns.add(acc); columns.add(owner); columns.add(cur); columns.add(ast);
            columns.add(acc); columns.add(hcmd); columns.add(htype); columns.add(hcp);
            StringBuilder sql = new StringBuilder("SELECT cardinality(?::text[])");
            for (int i = 1; i < columns.size(); i++) sql.append(" + cardinality(?::text[])");
            int groups = 2000;
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                for (int round = 0; round < 6; round++) {
                    for (String how : List.of("literal", "binary")) {
                        double before = backendCpu(pid);
                        long t0 = System.nanoTime();
                        for (int g = 0; g < groups; g++) {
                            for (int i = 0; i < columns.size(); i++) {
                                if (how.equals("literal")) p.setString(i + 1, literal(columns.get(i)));
                                else p.setArray(i + 1, c.createArrayOf("text", columns.get(i).toArray(new String[0])));
                            }
                            try (ResultSet r = p.executeQuery()) { r.next(); if (r.getInt(1) != 4400) throw new AssertionError(); }
                        }
                        double cpu = backendCpu(pid) - before;
                        System.out.printf("round %d %-7s backend CPU %.1f us per transfer, client wall %.1f us per transfer%n", round, how,
                                cpu * 1e6 / (groups * 200.0), (System.nanoTime() - t0) / 1e3 / (groups * 200.0));
                    }
                }
            }
        }
    }
}
