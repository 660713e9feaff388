package io.bankledger.node.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankledger.node.faults.CheckResult.Check;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.EventHash;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The end-of-run checker, a pure function of plain data: the recorded history (every command a
 * client sent and what it learned) and one {@link NodeSnapshot} per node (its event log, its
 * balances, its projection rebuild). It never talks to a cluster, so {@code CheckerTest} can prove
 * that each check fails on a log that breaks it.
 *
 * <p>What "consistent with the log order" means for a read (check 5): a linearizable
 * {@code get-balance} is a read marker in a chosen batch; its reply carries the batch's slot. The
 * ledger answers it in batch order, after the mutations before it in the same batch and before
 * those after it. The history does not say where in its batch the read sat, so the balance must
 * be the account's balance before that slot or after one of the account's events in that slot.
 * And the read must not be older than what the client already knew: every mutation acknowledged
 * before the read was sent was decided at a slot before the read's (its batch was chosen before
 * the read marker was even proposed, and a leader proposes only after every slot it knows of).
 */
public final class Checker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Checker() {
    }

    public static CheckResult check(List<Op> history, List<NodeSnapshot> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no node to check");
        }
        CheckResult result = new CheckResult();
        Map<String, Op> opsById = new HashMap<>();
        for (Op op : history) {
            result.count("ops." + (op.command().isRead() ? "read" : "mutation") + "." + op.outcome(), 1);
            result.count("retries", Math.max(0, op.attempts() - 1));
            if (opsById.put(op.commandId(), op) != null) {
                throw new IllegalArgumentException("the history holds command " + op.commandId() + " twice");
            }
        }
        List<Map<String, List<LoggedEvent>>> indexes = new ArrayList<>();
        for (NodeSnapshot node : nodes) {
            Map<String, List<LoggedEvent>> index = new HashMap<>();
            for (LoggedEvent event : node.events()) {
                index.computeIfAbsent(event.commandId(), id -> new ArrayList<>(1)).add(event);
            }
            indexes.add(index);
            result.count("events.node" + node.nodeId(), node.events().size());
        }
        checkAcknowledged(history, nodes, indexes, result);
        checkStatusQueries(history, opsById, result);
        checkDuplicates(opsById, nodes, indexes, result);
        checkIdentical(nodes, result);
        checkMoney(history, nodes, indexes, result);
        checkReads(history, nodes.get(0), result);
        checkProjections(nodes, result);
        return result;
    }

    /** (1) Every acknowledged mutation is in every log exactly once, at its acknowledged seq, with its outcome. */
    private static void checkAcknowledged(List<Op> history, List<NodeSnapshot> nodes,
                                          List<Map<String, List<LoggedEvent>>> indexes, CheckResult result) {
        for (Op op : history) {
            if (op.command().isRead()) {
                continue;
            }
            if (op.outcome() == Outcome.INVALID) {
                result.violation(Check.ACKNOWLEDGED_IN_EVERY_LOG, "command " + op.commandId()
                        + " was answered " + op.reply().status() + " " + op.reply().reason() + ": the workload sends only valid commands");
                continue;
            }
            boolean loggedSomewhere = false;
            for (int i = 0; i < nodes.size(); i++) {
                List<LoggedEvent> events = indexes.get(i).getOrDefault(op.commandId(), List.of());
                loggedSomewhere |= !events.isEmpty();
                if (!op.outcome().acknowledged()) {
                    continue;
                }
                int nodeId = nodes.get(i).nodeId();
                if (events.isEmpty()) {
                    result.violation(Check.ACKNOWLEDGED_IN_EVERY_LOG, "acknowledged " + op.outcome() + " "
                            + describe(op.command()) + " is missing from node " + nodeId + "'s log");
                    continue;
                }
                if (events.size() > 1) {
                    result.violation(Check.ACKNOWLEDGED_IN_EVERY_LOG, "acknowledged " + describe(op.command())
                            + " is " + events.size() + " times in node " + nodeId + "'s log");
                }
                LoggedEvent event = events.get(0);
                if (op.reply().seq() != null && op.reply().seq() != event.seq()) {
                    result.violation(Check.ACKNOWLEDGED_IN_EVERY_LOG, "command " + op.commandId()
                            + " was acknowledged at seq " + op.reply().seq() + " but node " + nodeId
                            + " logs it at seq " + event.seq());
                }
                String expected = op.outcome() == Outcome.OK ? eventTypeOf(op.command()) : "CommandRejected";
                if (!expected.equals(event.type())) {
                    result.violation(Check.ACKNOWLEDGED_IN_EVERY_LOG, "command " + op.commandId() + " was acknowledged "
                            + op.outcome() + " but node " + nodeId + " logs " + event.type());
                } else if (op.outcome() == Outcome.REJECTED
                        && !op.reply().reason().name().equals(payload(event).path("reason").asText())) {
                    result.violation(Check.ACKNOWLEDGED_IN_EVERY_LOG, "command " + op.commandId() + " was rejected for "
                            + op.reply().reason() + " but node " + nodeId + " logs " + payload(event).path("reason").asText());
                }
            }
            if (op.outcome() == Outcome.INDETERMINATE) {
                result.count("indeterminate." + (loggedSomewhere ? "logged" : "notLogged"), 1);
            }
        }
    }

    /**
     * (1, continued) A get-status of a mutation acknowledged before the query was sent answers
     * with the acknowledged outcome, however old: the idempotency table is for ever, even when the
     * nodes keep only the newest outcomes in memory.
     */
    private static void checkStatusQueries(List<Op> history, Map<String, Op> opsById, CheckResult result) {
        for (Op op : history) {
            if (!(op.command() instanceof Command.GetStatus status) || op.reply() == null) {
                continue;
            }
            Op asked = opsById.get(status.ofCommandId());
            if (asked == null || asked.command().isRead() || !asked.outcome().acknowledged()
                    || op.sentAtMs() < asked.doneAtMs()) {
                continue;
            }
            result.count("statusQueries.checked", 1);
            Reply outcome = op.reply().outcome();
            if (outcome == null) {
                result.violation(Check.ACKNOWLEDGED_IN_EVERY_LOG, "get-status of acknowledged "
                        + describe(asked.command()) + " was answered " + op.reply().status());
            } else if (!ReplyCodec.encode(outcome).equals(ReplyCodec.encode(asked.reply()))) {
                result.violation(Check.ACKNOWLEDGED_IN_EVERY_LOG, "get-status of " + describe(asked.command())
                        + " answered " + ReplyCodec.encode(outcome) + " but it was acknowledged "
                        + ReplyCodec.encode(asked.reply()));
            }
        }
    }

    /** (2) No command twice in a log (indeterminate ones included), no event of a read or of an unknown command. */
    private static void checkDuplicates(Map<String, Op> opsById, List<NodeSnapshot> nodes,
                                        List<Map<String, List<LoggedEvent>>> indexes, CheckResult result) {
        for (int i = 0; i < nodes.size(); i++) {
            int nodeId = nodes.get(i).nodeId();
            for (Map.Entry<String, List<LoggedEvent>> entry : indexes.get(i).entrySet()) {
                if (entry.getValue().size() > 1) {
                    result.violation(Check.NO_DUPLICATES, "command " + entry.getKey() + " is "
                            + entry.getValue().size() + " times in node " + nodeId + "'s log, at seqs "
                            + entry.getValue().stream().map(LoggedEvent::seq).toList());
                }
                Op op = opsById.get(entry.getKey());
                if (op == null) {
                    result.violation(Check.NO_DUPLICATES, "node " + nodeId + " logs command " + entry.getKey()
                            + " that no client sent");
                } else if (op.command().isRead()) {
                    result.violation(Check.NO_DUPLICATES, "node " + nodeId + " logs an event for read " + entry.getKey());
                } else if (!sameCommand(op.command(), entry.getValue().get(0))) {
                    result.violation(Check.NO_DUPLICATES, "node " + nodeId + " logs " + entry.getValue().get(0).type()
                            + " " + entry.getValue().get(0).payloadCanonical() + " for " + describe(op.command()));
                }
            }
        }
    }

    /** (3) Same length, same hash head, and each chain intact (seq from 1, prev hash linked, hash recomputed). */
    private static void checkIdentical(List<NodeSnapshot> nodes, CheckResult result) {
        for (NodeSnapshot node : nodes) {
            String prev = EventHash.GENESIS;
            long expectedSeq = 1;
            for (LoggedEvent event : node.events()) {
                if (event.seq() != expectedSeq) {
                    result.violation(Check.IDENTICAL_LOGS, "node " + node.nodeId() + ": seq " + event.seq()
                            + " where " + expectedSeq + " was due");
                    break;
                }
                String recomputed = EventHash.compute(prev, event.seq(), event.slot(), event.commandId(), event.type(),
                        event.timestampMs(), event.payloadCanonical());
                if (!prev.equals(event.prevHash()) || !recomputed.equals(event.hash())) {
                    result.violation(Check.IDENTICAL_LOGS, "node " + node.nodeId() + ": hash chain broken at seq "
                            + event.seq());
                    break;
                }
                prev = event.hash();
                expectedSeq++;
            }
        }
        NodeSnapshot reference = nodes.get(0);
        for (NodeSnapshot node : nodes.subList(1, nodes.size())) {
            if (node.events().size() != reference.events().size()
                    || !Objects.equals(node.headHash(), reference.headHash())) {
                int common = Math.min(node.events().size(), reference.events().size());
                long firstDiff = -1;
                for (int i = 0; i < common; i++) {
                    if (!node.events().get(i).hash().equals(reference.events().get(i).hash())) {
                        firstDiff = node.events().get(i).seq();
                        break;
                    }
                }
                result.violation(Check.IDENTICAL_LOGS, "node " + node.nodeId() + " has " + node.events().size()
                        + " events, head " + shortHash(node.headHash()) + "; node " + reference.nodeId() + " has "
                        + reference.events().size() + ", head " + shortHash(reference.headHash())
                        + (firstDiff < 0 ? " (one is a prefix of the other)" : "; first different seq " + firstDiff));
            }
        }
    }

    /**
     * (4) Per currency, the sum of balances equals the deposits minus the withdrawals that were
     * acknowledged OK or, for indeterminate ones, logged; amounts come from what the clients
     * sent, not from the log. No balance below zero.
     */
    private static void checkMoney(List<Op> history, List<NodeSnapshot> nodes,
                                   List<Map<String, List<LoggedEvent>>> indexes, CheckResult result) {
        for (int i = 0; i < nodes.size(); i++) {
            NodeSnapshot node = nodes.get(i);
            Map<String, String> currencyOf = new HashMap<>();
            for (LoggedEvent event : node.events()) {
                if ("AccountOpened".equals(event.type())) {
                    JsonNode payload = payload(event);
                    currencyOf.put(payload.path("accountId").asText(), payload.path("currency").asText());
                }
            }
            Map<String, Long> expected = new TreeMap<>();
            for (Op op : history) {
                long sign;
                String accountId;
                if (op.command() instanceof Command.Deposit deposit) {
                    sign = deposit.amountMinor();
                    accountId = deposit.accountId();
                } else if (op.command() instanceof Command.Withdraw withdraw) {
                    sign = -withdraw.amountMinor();
                    accountId = withdraw.accountId();
                } else {
                    continue;
                }
                boolean counts = op.outcome() == Outcome.OK;
                if (op.outcome() == Outcome.INDETERMINATE) {
                    List<LoggedEvent> events = indexes.get(i).getOrDefault(op.commandId(), List.of());
                    counts = !events.isEmpty() && !"CommandRejected".equals(events.get(0).type());
                }
                if (counts) {
                    expected.merge(currencyOf.getOrDefault(accountId, "?"), sign, Long::sum);
                }
            }
            Map<String, Long> actual = new TreeMap<>();
            for (NodeSnapshot.Balance balance : node.balances().values()) {
                actual.merge(balance.currency(), balance.balanceMinor(), Long::sum);
                if (balance.balanceMinor() < 0) {
                    result.violation(Check.MONEY, "node " + node.nodeId() + ": account " + balance.accountId()
                            + " holds " + balance.balanceMinor());
                }
            }
            expected.entrySet().removeIf(entry -> entry.getValue() == 0 && !actual.containsKey(entry.getKey()));
            actual.entrySet().removeIf(entry -> entry.getValue() == 0 && !expected.containsKey(entry.getKey()));
            if (!expected.equals(actual)) {
                result.violation(Check.MONEY, "node " + node.nodeId() + ": balances sum to " + actual
                        + " per currency, deposits - withdrawals are " + expected);
            }
            if (i == 0) {
                expected.forEach((currency, total) -> result.count("money." + currency, total));
            }
        }
    }

    /** (5) See the class comment. */
    private static void checkReads(List<Op> history, NodeSnapshot node, CheckResult result) {
        Map<String, List<long[]>> timeline = new HashMap<>();  // account -> [seq, slot, balanceAfter]
        for (LoggedEvent event : node.events()) {
            JsonNode payload = payload(event);
            switch (event.type()) {
                case "AccountOpened" -> add(timeline, payload.path("accountId").asText(), event, 0);
                case "Deposited", "Withdrawn" -> add(timeline, payload.path("accountId").asText(), event,
                        payload.path("balanceAfterMinor").asLong());
                case "TransferCompleted" -> {
                    add(timeline, payload.path("fromAccountId").asText(), event,
                            payload.path("fromBalanceAfterMinor").asLong());
                    add(timeline, payload.path("toAccountId").asText(), event,
                            payload.path("toBalanceAfterMinor").asLong());
                }
                default -> {
                }
            }
        }
        List<Op> acknowledged = history.stream()
                .filter(op -> op.command().isMutation() && op.outcome().acknowledged() && op.reply().slot() != null)
                .sorted(Comparator.comparingLong(Op::doneAtMs)).toList();
        List<Op> reads = history.stream()
                .filter(op -> op.command() instanceof Command.GetBalance && op.outcome() == Outcome.OK)
                .sorted(Comparator.comparingLong(Op::sentAtMs)).toList();
        int next = 0;
        long knownSlot = 0;
        Op knownFrom = null;
        for (Op read : reads) {
            while (next < acknowledged.size() && acknowledged.get(next).doneAtMs() < read.sentAtMs()) {
                Op acked = acknowledged.get(next++);
                if (acked.reply().slot() > knownSlot) {
                    knownSlot = acked.reply().slot();
                    knownFrom = acked;
                }
            }
            result.count("reads.checked", 1);
            long slot = read.reply().slot();
            if (knownFrom != null && slot <= knownSlot) {
                result.violation(Check.READS, "read " + read.commandId() + " reflects slot " + slot + " but command "
                        + knownFrom.commandId() + " was acknowledged at slot " + knownSlot + " before the read was sent");
            }
            String accountId = ((Command.GetBalance) read.command()).accountId();
            long balance = read.reply().account().balanceMinor();
            Set<Long> admissible = new HashSet<>();
            Long before = null;
            for (long[] point : timeline.getOrDefault(accountId, List.of())) {
                if (point[1] < slot) {
                    before = point[2];
                } else if (point[1] == slot) {
                    admissible.add(point[2]);
                }
            }
            if (before != null) {
                admissible.add(before);
            }
            if (!admissible.contains(balance)) {
                result.violation(Check.READS, "read " + read.commandId() + " of " + accountId + " at slot " + slot
                        + " returned " + balance + "; the log allows " + (admissible.isEmpty() ? "no balance (no such account yet)" : admissible));
            }
        }
    }

    /** (6) The node's own replay, and the balances projection against a fold of the events. */
    private static void checkProjections(List<NodeSnapshot> nodes, CheckResult result) {
        for (NodeSnapshot node : nodes) {
            if (!node.projectionsMatch()) {
                result.violation(Check.PROJECTIONS, "node " + node.nodeId() + ": rebuild-projections differs: "
                        + node.projectionDetail());
            }
            Map<String, Long> folded = new HashMap<>();
            for (LoggedEvent event : node.events()) {
                JsonNode payload = payload(event);
                switch (event.type()) {
                    case "AccountOpened" -> folded.put(payload.path("accountId").asText(), 0L);
                    case "Deposited", "Withdrawn" -> folded.put(payload.path("accountId").asText(),
                            payload.path("balanceAfterMinor").asLong());
                    case "TransferCompleted" -> {
                        folded.put(payload.path("fromAccountId").asText(), payload.path("fromBalanceAfterMinor").asLong());
                        folded.put(payload.path("toAccountId").asText(), payload.path("toBalanceAfterMinor").asLong());
                    }
                    default -> {
                    }
                }
            }
            Map<String, Long> projected = new HashMap<>();
            node.balances().values().forEach(balance -> projected.put(balance.accountId(), balance.balanceMinor()));
            if (!folded.equals(projected)) {
                Set<String> differing = new java.util.TreeSet<>(folded.keySet());
                differing.addAll(projected.keySet());
                differing.removeIf(id -> Objects.equals(folded.get(id), projected.get(id)));
                result.violation(Check.PROJECTIONS, "node " + node.nodeId()
                        + ": balances projection differs from the events for " + differing);
            }
        }
    }

    private static void add(Map<String, List<long[]>> timeline, String accountId, LoggedEvent event, long balance) {
        timeline.computeIfAbsent(accountId, id -> new ArrayList<>()).add(new long[] {event.seq(), event.slot(), balance});
    }

    /** Whether a logged event is about the command the client sent (same accounts and amount). */
    private static boolean sameCommand(Command command, LoggedEvent event) {
        JsonNode payload = payload(event);
        if ("CommandRejected".equals(event.type())) {
            return command.commandId().equals(payload.path("command").path("commandId").asText(command.commandId()));
        }
        if (!eventTypeOf(command).equals(event.type())) {
            return false;
        }
        if (command instanceof Command.Deposit c) {
            return c.accountId().equals(payload.path("accountId").asText()) && c.amountMinor() == payload.path("amountMinor").asLong();
        } else if (command instanceof Command.Withdraw c) {
            return c.accountId().equals(payload.path("accountId").asText()) && c.amountMinor() == payload.path("amountMinor").asLong();
        } else if (command instanceof Command.Transfer c) {
            return c.fromAccountId().equals(payload.path("fromAccountId").asText())
                    && c.toAccountId().equals(payload.path("toAccountId").asText())
                    && c.amountMinor() == payload.path("amountMinor").asLong();
        }
        return true;
    }

    static String eventTypeOf(Command command) {
        return switch (command.type()) {
            case OPEN_ACCOUNT -> "AccountOpened";
            case DEPOSIT -> "Deposited";
            case WITHDRAW -> "Withdrawn";
            case TRANSFER -> "TransferCompleted";
            case CLOSE_ACCOUNT -> "AccountClosed";
            default -> throw new IllegalArgumentException("a read has no event: " + command.type());
        };
    }

    private static JsonNode payload(LoggedEvent event) {
        try {
            return JSON.readTree(event.payloadCanonical());
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable payload at seq " + event.seq() + ": " + e.getMessage(), e);
        }
    }

    static String describe(Command command) {
        return command.type() + " " + command.commandId();
    }

    private static String shortHash(String hash) {
        return hash == null ? "none" : hash.substring(0, 12);
    }
}
