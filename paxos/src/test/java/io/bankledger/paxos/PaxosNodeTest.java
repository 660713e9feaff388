package io.bankledger.paxos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.paxos.message.Accept;
import io.bankledger.paxos.message.Accepted;
import io.bankledger.paxos.message.AcceptedSlot;
import io.bankledger.paxos.message.CatchUpReply;
import io.bankledger.paxos.message.CatchUpRequest;
import io.bankledger.paxos.message.Forward;
import io.bankledger.paxos.message.Heartbeat;
import io.bankledger.paxos.message.Nack;
import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.paxos.message.PaxosMessage;
import io.bankledger.paxos.message.Prepare;
import io.bankledger.paxos.message.Promise;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Protocol corners, driven message by message against one node. */
class PaxosNodeTest {

    private static final List<Integer> MEMBERS = List.of(1, 2, 3);
    private static final long AFTER_ELECTION_TIMEOUT_MS = 10_000;

    private static final Value VALUE_A = value(100, "a");
    private static final Value VALUE_B = value(200, "b");
    private static final Value VALUE_C = value(300, "c");

    // ------------------------------------------------------------------ acceptor corners

    @Test
    void promiseCarriesAcceptedValuesAtOrAfterFromSlotAndFollowsItsWrite() {
        PaxosNode node = node(2, state(Ballot.ZERO, entry(3, new Ballot(1, 1), VALUE_A),
                entry(5, new Ballot(2, 3), VALUE_B)), 0);
        Ballot ballot = new Ballot(4, 1);

        Output out = node.handle(new Prepare(1, ballot, 4), 0);

        assertEquals(List.of(new DurableWrite.PromiseWrite(ballot)), out.writes());
        Promise promise = only(out, Promise.class);
        assertEquals(ballot, promise.ballot());
        assertEquals(List.of(new AcceptedSlot(5, new Ballot(2, 3), VALUE_B)), promise.accepted());
        assertEquals(0, promise.deliveredSlot());
    }

    @Test
    void prepareBelowThePromiseIsNackedWithTheHigherBallot() {
        PaxosNode node = node(2, state(new Ballot(5, 3)), 0);

        Output out = node.handle(new Prepare(1, new Ballot(4, 1), 1), 0);

        assertEquals(List.of(), out.writes());
        assertEquals(new Nack(2, new Ballot(4, 1), new Ballot(5, 3)), only(out, Nack.class));
    }

    @Test
    void acceptIsWrittenBeforeAcceptedIsSent() {
        PaxosNode node = node(2, AcceptorState.empty(), 0);
        Ballot ballot = new Ballot(1, 1);

        Output out = node.handle(new Accept(1, ballot, 1, VALUE_A, 0), 0);

        assertEquals(List.of(new DurableWrite.PromiseWrite(ballot), new DurableWrite.AcceptWrite(1, ballot, VALUE_A)),
                out.writes());
        assertEquals(new Accepted(2, ballot, 1), only(out, Accepted.class));
        assertEquals(1, node.leaderId().getAsInt());
    }

    @Test
    void restartedAcceptorNeverContradictsItsPromise() {
        PaxosNode before = node(2, AcceptorState.empty(), 0);
        List<DurableWrite> durable = new ArrayList<>();
        durable.addAll(before.handle(new Accept(1, new Ballot(1, 1), 1, VALUE_A, 0), 0).writes());
        durable.addAll(before.handle(new Prepare(3, new Ballot(7, 3), 1), 5).writes());

        PaxosNode after = node(2, replay(durable), 0);

        assertEquals(new Nack(2, new Ballot(6, 1), new Ballot(7, 3)),
                only(after.handle(new Prepare(1, new Ballot(6, 1), 1), 10), Nack.class));
        Output lateAccept = after.handle(new Accept(1, new Ballot(6, 1), 2, VALUE_B, 0), 10);
        assertEquals(List.of(), lateAccept.writes());
        assertEquals(new Nack(2, new Ballot(6, 1), new Ballot(7, 3)), only(lateAccept, Nack.class));
        Promise promise = only(after.handle(new Prepare(1, new Ballot(8, 1), 1), 10), Promise.class);
        assertEquals(List.of(new AcceptedSlot(1, new Ballot(1, 1), VALUE_A)), promise.accepted());
    }

    @Test
    void restoredAcceptImpliesItsPromiseEvenIfThePromiseWasLost() {
        PaxosNode node = node(2, state(Ballot.ZERO, entry(1, new Ballot(9, 3), VALUE_A)), 0);

        assertEquals(new Ballot(9, 3), node.ballot());
        only(node.handle(new Prepare(1, new Ballot(8, 1), 1), 0), Nack.class);
    }

    // ------------------------------------------------------------------ leader corners

    @Test
    void newLeaderReproposesTheHighestBallotValueAndFillsHolesWithNoOps() {
        // Node 1 itself accepted B at 4.3 in slot 1; node 2 reports A at 2.2 there, C in slot 3.
        PaxosNode node = node(1, state(new Ballot(5, 1), entry(1, new Ballot(4, 3), VALUE_B)), 0);
        Prepare prepare = only(node.tick(AFTER_ELECTION_TIMEOUT_MS), Prepare.class, 2);
        assertEquals(new Ballot(6, 1), prepare.ballot());

        Output out = node.handle(new Promise(2, prepare.ballot(), 1, List.of(
                new AcceptedSlot(1, new Ballot(2, 2), VALUE_A),
                new AcceptedSlot(3, new Ballot(2, 2), VALUE_C)), 0), AFTER_ELECTION_TIMEOUT_MS);

        assertTrue(node.isLeader());
        List<Accept> accepts = sent(out, Accept.class, 2);
        assertEquals(3, accepts.size());
        assertEquals(VALUE_B, accepts.get(0).value());
        assertTrue(accepts.get(1).value().isNoOp(), "hole in slot 2 filled with a no-op");
        assertEquals(VALUE_C, accepts.get(2).value());
        assertEquals(List.of(1L, 2L, 3L), accepts.stream().map(Accept::slot).toList());
        assertTrue(out.writes().contains(new DurableWrite.AcceptWrite(1, prepare.ballot(), VALUE_B)));
    }

    @Test
    void newLeaderDoesNotProposeInSlotsAPromiserAlreadyDelivered() {
        PaxosNode node = node(1, AcceptorState.empty(), 0);
        Prepare prepare = only(node.tick(AFTER_ELECTION_TIMEOUT_MS), Prepare.class, 2);

        Output out = node.handle(new Promise(2, prepare.ballot(), 1,
                List.of(new AcceptedSlot(6, new Ballot(0, 3), VALUE_A)), 5), AFTER_ELECTION_TIMEOUT_MS);

        assertEquals(List.of(6L), sent(out, Accept.class, 2).stream().map(Accept::slot).toList());
        assertEquals(new CatchUpRequest(1, 1, 5), only(out, CatchUpRequest.class));
    }

    @Test
    void aSingleCommandLeavesAtOnceUnderLightLoad() {
        PaxosNode leader = leader(PaxosConfig.defaults(1, MEMBERS));
        byte[] command = bytes("deposit");

        Output out = leader.propose(command, AFTER_ELECTION_TIMEOUT_MS + 1);

        Accept accept = only(out, Accept.class, 2);
        assertEquals(1, accept.value().commands().size());
        assertArrayEquals(command, accept.value().commands().get(0));
        assertEquals(AFTER_ELECTION_TIMEOUT_MS + 1, accept.value().timestampMs());
        assertEquals(1, out.writes().size(), "the leader's own accept is written with the Accept");
        assertEquals(2, out.proposerSends().size(), "the Accepts need not wait for the leader's own write");
        assertEquals(List.of(), out.sends());
    }

    @Test
    void anAcceptorsAnswersWaitForItsWrites() {
        PaxosNode follower = node(2, AcceptorState.empty(), 0);
        Ballot ballot = new Ballot(1, 1);

        Output promised = follower.handle(new Prepare(1, ballot, 1), 1);
        Output accepted = follower.handle(new Accept(1, ballot, 1, VALUE_A, 0), 2);

        assertEquals(List.of(new DurableWrite.PromiseWrite(ballot)), promised.writes());
        assertEquals(List.of(), promised.proposerSends(), "a Promise speaks for the acceptor");
        only(promised, Promise.class, 1);
        assertEquals(List.of(new DurableWrite.AcceptWrite(1, ballot, VALUE_A)), accepted.writes());
        assertEquals(List.of(), accepted.proposerSends(), "an Accepted speaks for the acceptor");
        only(accepted, Accepted.class, 1);
    }

    @Test
    void commandsOfferedTogetherTravelInOneSlotEvenWithRoomInTheWindow() {
        PaxosNode leader = leader(PaxosConfig.defaults(1, MEMBERS));
        List<byte[]> commands = List.of(bytes("c1"), bytes("c2"), bytes("c3"));

        Output out = leader.proposeAll(commands, AFTER_ELECTION_TIMEOUT_MS + 1);

        Accept accept = only(out, Accept.class, 2);
        assertEquals(List.of("c1", "c2", "c3"), strings(accept.value()), "one slot, not one per command");
        assertEquals(1, out.writes().size());
    }

    @Test
    void aFollowerForwardsCommandsOfferedTogetherInOneMessage() {
        PaxosNode follower = new PaxosNode(PaxosConfig.defaults(2, MEMBERS), AcceptorState.empty(), 0, 1, 0);
        follower.handle(new Heartbeat(1, new Ballot(1, 1), 0), 1);

        Output out = follower.proposeAll(List.of(bytes("c1"), bytes("c2")), 2);

        Forward forward = only(out, Forward.class);
        assertEquals(List.of("c1", "c2"), strings(new Value(0, forward.commands())));
    }

    @Test
    void commandsWaitingWhileTheWindowIsFullArePackedIntoTheNextBatch() {
        PaxosNode leader = leader(PaxosConfig.defaults(1, MEMBERS).withPipelineWindow(1).withBatchCommandsMax(2));
        long now = AFTER_ELECTION_TIMEOUT_MS + 1;
        Accept first = only(leader.propose(bytes("c1"), now), Accept.class, 2);
        for (String command : List.of("c2", "c3", "c4")) {
            assertTrue(sent(leader.propose(bytes(command), now), Accept.class, 2).isEmpty(), "window full");
        }

        Output out = leader.handle(new Accepted(2, first.ballot(), first.slot()), now + 1);

        assertEquals(List.of(first.slot()), out.decisions().stream().map(Decision::slot).toList());
        Accept next = only(out, Accept.class, 2);
        assertEquals(first.slot() + 1, next.slot());
        assertEquals(List.of("c2", "c3"), strings(next.value()), "bounded by batchCommandsMax");
        assertEquals(first.slot(), next.commitIndex(), "the commit index rides on the next Accept");
    }

    @Test
    void batchesAreBoundedByBytes() {
        PaxosConfig defaults = PaxosConfig.defaults(1, MEMBERS).withPipelineWindow(1);
        PaxosConfig config = new PaxosConfig(1, MEMBERS, 100, 10, 1, 50, 300, 600, 64, 100, 100, 100, 3);
        PaxosNode leader = leader(config);
        long now = AFTER_ELECTION_TIMEOUT_MS + 1;
        Accept first = only(leader.propose(bytes("0123456789"), now), Accept.class, 2);
        leader.propose(bytes("abcd"), now);
        leader.propose(bytes("efgh"), now);
        leader.propose(bytes("ijkl"), now);

        Accept next = only(leader.handle(new Accepted(2, first.ballot(), first.slot()), now), Accept.class, 2);

        assertEquals(List.of("abcd", "efgh"), strings(next.value()));
        assertThrows(IllegalArgumentException.class, () -> leader.propose(new byte[11], now));
        assertEquals(1, defaults.pipelineWindow());
    }

    @Test
    void heartbeatCarriesTheCommitIndex() {
        PaxosNode leader = leader(PaxosConfig.defaults(1, MEMBERS));
        long now = AFTER_ELECTION_TIMEOUT_MS + 1;
        Accept accept = only(leader.propose(bytes("x"), now), Accept.class, 2);
        leader.handle(new Accepted(3, accept.ballot(), accept.slot()), now);

        Heartbeat heartbeat = only(leader.tick(now + 100), Heartbeat.class, 2);

        assertEquals(accept.slot(), heartbeat.commitIndex());
        assertEquals(accept.slot(), leader.commitIndex());
    }

    @Test
    void aDecisionIsAnnouncedAtOnceNotAtTheNextHeartbeat() {
        PaxosNode leader = leader(PaxosConfig.defaults(1, MEMBERS));
        long now = AFTER_ELECTION_TIMEOUT_MS + 1;
        Accept accept = only(leader.propose(bytes("x"), now), Accept.class, 2);

        Heartbeat announced = only(leader.handle(new Accepted(3, accept.ballot(), accept.slot()), now), Heartbeat.class, 2);
        assertEquals(accept.slot(), announced.commitIndex());

        Output late = leader.handle(new Accepted(2, accept.ballot(), accept.slot()), now);
        assertTrue(allSends(late).isEmpty(), "nothing new to announce: " + allSends(late));
    }

    @Test
    void aLeaderNeverAnnouncesACommitOverItsOwnUnresolvedProposal() {
        PaxosNode leader = leader(PaxosConfig.defaults(1, MEMBERS));
        long now = AFTER_ELECTION_TIMEOUT_MS + 1;
        Accept accept = only(leader.propose(bytes("mine"), now), Accept.class, 2);

        // A late promise says slot 1 is chosen: maybe with another value, by a higher ballot.
        leader.handle(new Promise(3, accept.ballot(), 1, List.of(), accept.slot()), now);

        assertEquals(accept.slot(), leader.commitIndex());
        Heartbeat heartbeat = only(leader.tick(now + 100), Heartbeat.class, 2);
        assertEquals(accept.slot() - 1, heartbeat.commitIndex(),
                "followers holding our accept at this ballot would take it as chosen");
    }

    @Test
    void aLeaderStandsDownWhenItsProposalLostToAnotherValue() {
        PaxosNode leader = leader(PaxosConfig.defaults(1, MEMBERS));
        long now = AFTER_ELECTION_TIMEOUT_MS + 1;
        Accept accept = only(leader.propose(bytes("mine"), now), Accept.class, 2);

        leader.handle(new CatchUpReply(3, accept.slot(), List.of(VALUE_C), accept.slot()), now);

        assertFalse(leader.isLeader());
    }

    @Test
    void aLeaderStandsDownWhenSlotsItNeverAssignedAreChosen() {
        PaxosNode leader = leader(PaxosConfig.defaults(1, MEMBERS));

        // Only a higher ballot can have chosen slots this leader never assigned.
        leader.handle(new Promise(3, leader.ballot(), 1, List.of(), 5), AFTER_ELECTION_TIMEOUT_MS + 1);

        assertFalse(leader.isLeader());
        assertEquals(5, leader.commitIndex());
    }

    @Test
    void aNackMakesTheCandidateStandDown() {
        PaxosNode node = node(1, AcceptorState.empty(), 0);
        Prepare prepare = only(node.tick(AFTER_ELECTION_TIMEOUT_MS), Prepare.class, 2);

        node.handle(new Nack(2, prepare.ballot(), new Ballot(9, 3)), AFTER_ELECTION_TIMEOUT_MS);
        node.handle(new Nack(3, prepare.ballot(), new Ballot(9, 3)), AFTER_ELECTION_TIMEOUT_MS);

        assertFalse(node.isLeader());
        Prepare retry = only(node.tick(AFTER_ELECTION_TIMEOUT_MS * 3), Prepare.class, 2);
        assertTrue(retry.ballot().isAbove(new Ballot(9, 3)), "the next try outbids what it heard: " + retry.ballot());
    }

    @Test
    void aLeaderStandsDownWhenAHigherBallotSpeaks() {
        PaxosNode leader = leader(PaxosConfig.defaults(1, MEMBERS));

        leader.handle(new Heartbeat(3, new Ballot(50, 3), 0), AFTER_ELECTION_TIMEOUT_MS + 1);

        assertFalse(leader.isLeader());
        assertEquals(3, leader.leaderId().getAsInt());
    }

    // ------------------------------------------------------------------ forwarding

    @Test
    void aFollowerBuffersWithoutALeaderThenForwards() {
        PaxosConfig config = new PaxosConfig(2, MEMBERS, 512, 1 << 20, 8, 50, 300, 600, 64, 2, 100, 100, 3);
        PaxosNode node = new PaxosNode(config, AcceptorState.empty(), 0, 1, 0);

        assertTrue(allSends(node.propose(bytes("c1"), 1)).isEmpty());
        node.propose(bytes("c2"), 1);
        Output full = node.propose(bytes("c3"), 1);
        assertEquals(List.of("c3"), full.rejected().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());

        Output out = node.handle(new Heartbeat(1, new Ballot(1, 1), 0), 2);

        Forward forward = only(out, Forward.class);
        assertEquals(new Ballot(1, 1), forward.leaderBallot());
        assertEquals(List.of("c1", "c2"), strings(new Value(0, forward.commands())));
    }

    @Test
    void theLeaderProposesAForwardOnceAndIgnoresOnesMeantForAnEarlierLife() {
        PaxosNode leader = leader(PaxosConfig.defaults(1, MEMBERS));
        long now = AFTER_ELECTION_TIMEOUT_MS + 1;
        Forward forward = new Forward(2, leader.ballot(), 77, List.of(bytes("f")));

        assertEquals(1, sent(leader.handle(forward, now), Accept.class, 2).size());
        assertTrue(sent(leader.handle(forward, now), Accept.class, 2).isEmpty(), "duplicate dropped");
        Forward stale = new Forward(2, new Ballot(0, 1), 78, List.of(bytes("g")));
        assertTrue(sent(leader.handle(stale, now), Accept.class, 2).isEmpty(), "earlier life dropped");
    }

    // ------------------------------------------------------------------ learning and catch-up

    @Test
    void decisionsResumeRightAfterTheAppliedSlotAfterARestart() {
        PaxosNode node = node(2, AcceptorState.empty(), 5);
        Ballot ballot = new Ballot(3, 1);
        node.handle(new Accept(1, ballot, 7, VALUE_B, 0), 0);
        assertTrue(node.handle(new Accept(1, ballot, 3, VALUE_C, 0), 0).writes().isEmpty(),
                "an applied slot is not accepted again");

        Output out = node.handle(new Accept(1, ballot, 6, VALUE_A, 7), 1);

        assertEquals(List.of(new Decision(6, VALUE_A), new Decision(7, VALUE_B)), out.decisions());
        assertEquals(7, node.deliveredSlot());
    }

    @Test
    void aCommitIndexAtAnotherBallotIsNotTrustedForLocalValues() {
        PaxosNode node = node(2, AcceptorState.empty(), 0);
        node.handle(new Accept(1, new Ballot(1, 1), 1, VALUE_A, 0), 0);

        Output out = node.handle(new Heartbeat(3, new Ballot(2, 3), 1), 1);

        assertEquals(List.of(), out.decisions(), "accepted at 1.1 but the commit is announced at 2.3");
        assertEquals(new CatchUpRequest(2, 1, 1), only(out, CatchUpRequest.class));
    }

    @Test
    void aNodeFarBehindCatchesUpInBoundedChunks() {
        PaxosNode node = node(2, AcceptorState.empty(), 0);

        Output first = node.handle(new Heartbeat(1, new Ballot(1, 1), 500), 0);
        assertEquals(new CatchUpRequest(2, 1, 64), only(first, CatchUpRequest.class));

        List<Value> chunk = LongStream.rangeClosed(1, 64).mapToObj(slot -> value(slot, "v" + slot)).toList();
        Output second = node.handle(new CatchUpReply(1, 1, chunk, 500), 1);

        assertEquals(64, second.decisions().size());
        assertEquals(new CatchUpRequest(2, 65, 128), only(second, CatchUpRequest.class));
        assertTrue(allSends(node.handle(new CatchUpReply(1, 1, chunk, 500), 2)).isEmpty(),
                "a duplicated reply does not multiply requests");
    }

    @Test
    void catchUpIsServedFromTheDurableLogInBoundedChunks() {
        PaxosNode node = node(1, AcceptorState.empty(), 100);

        Output out = node.handle(new CatchUpRequest(3, 10, 500), 0);

        assertEquals(List.of(new CatchUpServe(3, 10, 73, 100)), out.serves());
        assertTrue(node.handle(new CatchUpRequest(3, 101, 500), 0).serves().isEmpty(), "nothing beyond the store");
    }

    // ------------------------------------------------------------------ determinism

    @Test
    void theSameInputsGiveTheSameOutputs() {
        assertEquals(transcript(), transcript());
    }

    private static List<String> transcript() {
        PaxosNode node = node(1, AcceptorState.empty(), 0);
        List<String> lines = new ArrayList<>();
        List<Output> outputs = new ArrayList<>();
        outputs.add(node.tick(AFTER_ELECTION_TIMEOUT_MS));
        Prepare prepare = only(outputs.get(0), Prepare.class, 2);
        outputs.add(node.handle(new Promise(3, prepare.ballot(), 1, List.of(), 0), AFTER_ELECTION_TIMEOUT_MS));
        for (int i = 0; i < 20; i++) {
            outputs.add(node.propose(bytes("c" + i), AFTER_ELECTION_TIMEOUT_MS + i));
        }
        for (Output output : outputs) {
            lines.add(output.writes().toString());
            for (Envelope envelope : allSends(output)) {
                lines.add(envelope.toNodeId() + ":" + java.util.Arrays.toString(PaxosCodec.encode(envelope.message())));
            }
        }
        return lines;
    }

    // ------------------------------------------------------------------ helpers

    private static PaxosNode node(int id, AcceptorState state, long appliedSlot) {
        return new PaxosNode(PaxosConfig.defaults(id, MEMBERS), state, appliedSlot, 1234, 0);
    }

    /** Node 1 of three, elected with node 2's promise. */
    private static PaxosNode leader(PaxosConfig config) {
        PaxosNode node = new PaxosNode(config, AcceptorState.empty(), 0, 1234, 0);
        Prepare prepare = only(node.tick(AFTER_ELECTION_TIMEOUT_MS), Prepare.class, 2);
        node.handle(new Promise(2, prepare.ballot(), 1, List.of(), 0), AFTER_ELECTION_TIMEOUT_MS);
        if (!node.isLeader()) {
            throw new IllegalStateException("test setup: node 1 did not win");
        }
        return node;
    }

    private static AcceptorState replay(List<DurableWrite> writes) {
        Ballot promised = Ballot.ZERO;
        SortedMap<Long, AcceptedValue> accepted = new TreeMap<>();
        for (DurableWrite write : writes) {
            if (write instanceof DurableWrite.PromiseWrite promise) {
                promised = promise.ballot();
            } else if (write instanceof DurableWrite.AcceptWrite accept) {
                accepted.put(accept.slot(), new AcceptedValue(accept.ballot(), accept.value()));
            }
        }
        return new AcceptorState(promised, accepted);
    }

    private static AcceptorState state(Ballot promised, AcceptedSlot... entries) {
        SortedMap<Long, AcceptedValue> accepted = new TreeMap<>();
        for (AcceptedSlot entry : entries) {
            accepted.put(entry.slot(), entry.accepted());
        }
        return new AcceptorState(promised, accepted);
    }

    private static AcceptedSlot entry(long slot, Ballot ballot, Value value) {
        return new AcceptedSlot(slot, ballot, value);
    }

    private static Value value(long timestampMs, String command) {
        return new Value(timestampMs, List.of(bytes(command)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(Value value) {
        return value.commands().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    /** Every envelope of an output, the proposer's (sent before the writes) first. */
    private static List<Envelope> allSends(Output out) {
        List<Envelope> all = new ArrayList<>(out.proposerSends());
        all.addAll(out.sends());
        return all;
    }

    private static <T extends PaxosMessage> List<T> sent(Output out, Class<T> type, int toNodeId) {
        return allSends(out).stream()
                .filter(e -> e.toNodeId() == toNodeId && type.isInstance(e.message()))
                .map(e -> type.cast(e.message()))
                .toList();
    }

    private static <T extends PaxosMessage> T only(Output out, Class<T> type, int toNodeId) {
        List<T> messages = sent(out, type, toNodeId);
        assertEquals(1, messages.size(), () -> "expected one " + type.getSimpleName() + " to " + toNodeId + " in " + out);
        return messages.get(0);
    }

    private static <T extends PaxosMessage> T only(Output out, Class<T> type) {
        List<T> messages = allSends(out).stream().filter(e -> type.isInstance(e.message()))
                .map(e -> type.cast(e.message())).toList();
        assertEquals(1, messages.size(), () -> "expected one " + type.getSimpleName() + " in " + out);
        return messages.get(0);
    }
}
