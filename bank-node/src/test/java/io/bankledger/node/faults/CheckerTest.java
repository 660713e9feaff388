package io.bankledger.node.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.faults.CheckResult.Check;
import io.bankledger.node.ledger.Account;
import io.bankledger.node.ledger.BatchResult;
import io.bankledger.node.ledger.Ledger;
import io.bankledger.protocol.AccountStatus;
import io.bankledger.protocol.AccountView;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.LedgerEvent;
import io.bankledger.protocol.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The checker is able to fail: each test feeds it the history and node logs of a small run made
 * by the real ledger, breaks one thing (a lost acknowledged command, a duplicate, a diverging
 * node, a money leak, a stale read, a projection that differs), and sees exactly that reported.
 */
class CheckerTest {

    /** A run through the real ledger, one command per slot: its history and its (identical) node logs. */
    private static final class Run {
        final Ledger ledger = new Ledger();
        final List<Op> history = new ArrayList<>();
        final List<LoggedEvent> events = new ArrayList<>();
        long slot;
        long clock = 1_000;

        Reply apply(Command command, Outcome recorded) {
            slot++;
            BatchResult result = ledger.apply(slot, 1_700_000_000_000L + slot, List.of(command));
            result.events().forEach(event -> events.add(logged(event)));
            Reply reply = result.replies().get(0);
            long sent = clock++;
            long done = clock++;
            history.add(recorded == Outcome.INDETERMINATE ? Op.indeterminate(1, command, sent, done, 3)
                    : Op.answered(1, command, reply, sent, done, 1));
            return reply;
        }

        Reply apply(Command command) {
            return apply(command, null);
        }

        Map<String, NodeSnapshot.Balance> balances() {
            Map<String, NodeSnapshot.Balance> balances = new HashMap<>();
            for (Account account : ledger.state().accountsById()) {
                balances.put(account.accountId(), new NodeSnapshot.Balance(account.accountId(), account.currency(),
                        account.balanceMinor()));
            }
            return balances;
        }

        NodeSnapshot node(int nodeId) {
            return new NodeSnapshot(nodeId, events, balances(), true, "match");
        }

        List<NodeSnapshot> nodes() {
            return List.of(node(1), node(2), node(3));
        }
    }

    private static LoggedEvent logged(CommittedEvent event) {
        return new LoggedEvent(event.seq(), event.slot(), event.commandId(), event.type(),
                event.event().canonicalJson(), event.timestampMs(), event.prevHash(), event.hash());
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    /** Two BRL accounts and one EUR, some money, transfers (one refused), a read, an indeterminate deposit. */
    private static Run healthyRun() {
        Run run = new Run();
        run.apply(new Command.OpenAccount(id(), "a", "A", "BRL"));
        run.apply(new Command.OpenAccount(id(), "b", "B", "BRL"));
        run.apply(new Command.OpenAccount(id(), "e", "E", "EUR"));
        run.apply(new Command.Deposit(id(), "a", 1_000));
        run.apply(new Command.Deposit(id(), "e", 500));
        run.apply(new Command.Transfer(id(), "a", "b", 300));
        run.apply(new Command.Transfer(id(), "b", "a", 5_000));          // INSUFFICIENT_FUNDS
        run.apply(new Command.Withdraw(id(), "b", 100));
        run.apply(new Command.GetBalance(id(), "a"));
        run.apply(new Command.Deposit(id(), "b", 42), Outcome.INDETERMINATE);  // logged, never answered
        return run;
    }

    private static CheckResult check(Run run, List<NodeSnapshot> nodes) {
        CheckResult result = Checker.check(run.history, nodes);
        System.out.println(result.summary());
        return result;
    }

    @Test
    void aHealthyRunPasses() {
        Run run = healthyRun();
        CheckResult result = check(run, run.nodes());
        assertTrue(result.passed(), result.summary());
        assertEquals(1, result.stats().get("reads.checked"));
        assertEquals(1, result.stats().get("indeterminate.logged"));
        assertEquals(1_000 - 100 + 42, result.stats().get("money.BRL"));
    }

    @Test
    void anIndeterminateCommandMayBeAbsentButAnAcknowledgedOneMayNot() {
        Run run = healthyRun();
        Command neverArrived = new Command.Withdraw(id(), "a", 5);
        run.history.add(Op.indeterminate(3, neverArrived, 6_000, 36_000, 8));
        CheckResult result = check(run, run.nodes());
        assertTrue(result.passed(), result.summary());
        assertEquals(1, result.stats().get("indeterminate.notLogged"));
        assertEquals(2 + 7, result.stats().get("retries"), "the healthy run's indeterminate deposit was retried twice");
    }

    @Test
    void anAcknowledgedRejectionMustBeLoggedAsThatRejection() {
        Run run = healthyRun();
        Op rejected = run.history.stream().filter(op -> op.outcome() == Outcome.REJECTED).findFirst().orElseThrow();
        Reply claimed = Reply.ok(rejected.commandId(), rejected.reply().slot(), rejected.reply().seq(),
                new AccountView("b", "BRL", 0, AccountStatus.OPEN), null);
        run.history.set(run.history.indexOf(rejected), Op.answered(1, rejected.command(), claimed,
                rejected.sentAtMs(), rejected.doneAtMs(), 1));
        CheckResult result = check(run, run.nodes());
        assertEquals(3, result.violations(Check.ACKNOWLEDGED_IN_EVERY_LOG), result.summary());
        assertTrue(result.examples(Check.ACKNOWLEDGED_IN_EVERY_LOG).get(0).contains("logs CommandRejected"));
    }

    @Test
    void aStatusQueryMustAnswerTheAcknowledgedOutcome() {
        Run run = healthyRun();
        Op deposit = run.history.stream().filter(op -> op.command() instanceof Command.Deposit
                && op.outcome() == Outcome.OK).findFirst().orElseThrow();
        run.apply(new Command.GetStatus(id(), deposit.commandId()));
        CheckResult healthy = check(run, run.nodes());
        assertTrue(healthy.passed(), healthy.summary());
        assertEquals(1, healthy.stats().get("statusQueries.checked"));

        // The same query answered UNKNOWN, as a node that forgot the outcome would answer it.
        Op query = run.history.remove(run.history.size() - 1);
        run.history.add(Op.answered(1, query.command(), Reply.unknown(query.commandId(), query.reply().slot()),
                query.sentAtMs(), query.doneAtMs(), 1));
        CheckResult forgotten = check(run, run.nodes());
        assertEquals(1, forgotten.violations(Check.ACKNOWLEDGED_IN_EVERY_LOG), forgotten.summary());
        assertTrue(forgotten.examples(Check.ACKNOWLEDGED_IN_EVERY_LOG).get(0).contains("was answered UNKNOWN"));
    }

    @Test
    void aLostAcknowledgedCommandIsReported() {
        Run run = healthyRun();
        // The client was told OK, but no node logged it (as if acknowledged before it was durable).
        Command lost = new Command.Deposit(id(), "a", 7);
        run.history.add(Op.answered(2, lost, Reply.ok(lost.commandId(), run.slot + 1, (long) run.events.size() + 1,
                new AccountView("a", "BRL", 907, AccountStatus.OPEN), null), 5_000, 5_001, 1));
        CheckResult result = check(run, run.nodes());
        assertEquals(3, result.violations(Check.ACKNOWLEDGED_IN_EVERY_LOG), "missing from each of 3 logs");
        assertEquals(3, result.violations(Check.MONEY), "the acknowledged deposit is not in any balance");
        assertTrue(result.examples(Check.ACKNOWLEDGED_IN_EVERY_LOG).get(0).contains("missing from node 1"));
    }

    @Test
    void aCommandLoggedTwiceIsReported() {
        Run run = healthyRun();
        // Node 2 applies the indeterminate deposit a second time (a redelivery that escaped the check).
        Op indeterminate = run.history.get(run.history.size() - 1);
        LoggedEvent last = run.events.get(run.events.size() - 1);
        CommittedEvent again = CommittedEvent.chain(last.hash(), last.seq() + 1, run.slot + 1,
                indeterminate.commandId(), last.timestampMs() + 1, new LedgerEvent.Deposited("b", 42, 284));
        List<LoggedEvent> node2 = new ArrayList<>(run.events);
        node2.add(logged(again));
        Map<String, NodeSnapshot.Balance> balances = new HashMap<>(run.balances());
        balances.put("b", new NodeSnapshot.Balance("b", "BRL", 284));
        CheckResult result = check(run, List.of(run.node(1), new NodeSnapshot(2, node2, balances, true, "match"),
                run.node(3)));
        assertEquals(1, result.violations(Check.NO_DUPLICATES));
        assertTrue(result.examples(Check.NO_DUPLICATES).get(0).contains("2 times in node 2"));
        assertEquals(1, result.violations(Check.IDENTICAL_LOGS), "node 2 is longer");
        assertEquals(1, result.violations(Check.MONEY), "node 2 holds the deposit twice");
    }

    @Test
    void aDivergingNodeIsReported() {
        Run run = healthyRun();
        // Node 3 applied the same commands, but two of them in the other order.
        Run diverged = new Run();
        List<Command> commands = new ArrayList<>(run.history.stream().map(Op::command).toList());
        Command transfer = commands.get(5);
        commands.set(5, commands.get(7));
        commands.set(7, transfer);
        commands.forEach(diverged::apply);
        CheckResult result = check(run, List.of(run.node(1), run.node(2), diverged.node(3)));
        assertEquals(1, result.violations(Check.IDENTICAL_LOGS));
        assertTrue(result.examples(Check.IDENTICAL_LOGS).get(0).contains("first different seq 6"),
                result.examples(Check.IDENTICAL_LOGS).toString());
        assertTrue(result.violations(Check.ACKNOWLEDGED_IN_EVERY_LOG) > 0, "acknowledged seqs differ on node 3");
    }

    @Test
    void aMoneyLeakIsReported() {
        Run run = healthyRun();
        Map<String, NodeSnapshot.Balance> leaked = new HashMap<>(run.balances());
        leaked.put("b", new NodeSnapshot.Balance("b", "BRL", leaked.get("b").balanceMinor() + 100));
        CheckResult result = check(run, List.of(run.node(1), new NodeSnapshot(2, run.events, leaked, true, "match"),
                run.node(3)));
        assertEquals(1, result.violations(Check.MONEY));
        assertTrue(result.examples(Check.MONEY).get(0).startsWith("node 2: balances sum to {BRL=1042, EUR=500}"),
                result.examples(Check.MONEY).toString());
        assertEquals(1, result.violations(Check.PROJECTIONS), "the projection no longer folds from the events");
        assertEquals(0, result.violations(Check.IDENTICAL_LOGS));
    }

    @Test
    void aNegativeBalanceIsReported() {
        Run run = healthyRun();
        Map<String, NodeSnapshot.Balance> negative = new HashMap<>(run.balances());
        negative.put("x", new NodeSnapshot.Balance("x", "BRL", -1));
        CheckResult result = check(run, List.of(run.node(1), run.node(2), new NodeSnapshot(3, run.events, negative,
                true, "match")));
        assertTrue(result.examples(Check.MONEY).contains("node 3: account x holds -1"), result.summary());
    }

    @Test
    void aStaleReadIsReported() {
        Run run = healthyRun();
        Op read = run.history.stream().filter(op -> op.command() instanceof Command.GetBalance).findFirst().orElseThrow();
        // Same slot, but the balance of before the deposit: a read served from an old state.
        Reply stale = Reply.ok(read.commandId(), read.reply().slot(), null,
                new AccountView("a", "BRL", 0, AccountStatus.OPEN), null);
        run.history.set(run.history.indexOf(read), Op.answered(1, read.command(), stale, read.sentAtMs(),
                read.doneAtMs(), 1));
        // And a read that reflects a slot older than a command acknowledged before it was sent.
        Command late = new Command.GetBalance(id(), "b");
        run.history.add(Op.answered(1, late, Reply.ok(late.commandId(), 2, null,
                new AccountView("b", "BRL", 0, AccountStatus.OPEN), null), 9_000, 9_001, 1));
        CheckResult result = check(run, run.nodes());
        assertEquals(2, result.violations(Check.READS), result.summary());
        assertTrue(result.examples(Check.READS).get(0).contains("returned 0"));
        assertTrue(result.examples(Check.READS).get(1).contains("before the read was sent"));
    }

    @Test
    void aProjectionThatDiffersFromItsRebuildIsReported() {
        Run run = healthyRun();
        CheckResult result = check(run, List.of(run.node(1), new NodeSnapshot(2, run.events, run.balances(), false,
                "accounts differing 1"), run.node(3)));
        assertEquals(1, result.violations(Check.PROJECTIONS));
    }

    @Test
    void anEventNobodySentIsReported() {
        Run run = healthyRun();
        Op removed = run.history.remove(3);  // the deposit of 1000 into a: logged, but not in the history
        CheckResult result = check(run, run.nodes());
        assertEquals(3, result.violations(Check.NO_DUPLICATES), result.summary());
        assertFalse(result.passed());
        assertTrue(result.examples(Check.NO_DUPLICATES).get(0).contains(removed.commandId()));
    }
}
