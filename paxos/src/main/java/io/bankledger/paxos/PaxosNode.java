package io.bankledger.paxos;

import io.bankledger.paxos.message.Accept;
import io.bankledger.paxos.message.Accepted;
import io.bankledger.paxos.message.CatchUpReply;
import io.bankledger.paxos.message.CatchUpRequest;
import io.bankledger.paxos.message.Forward;
import io.bankledger.paxos.message.Heartbeat;
import io.bankledger.paxos.message.Nack;
import io.bankledger.paxos.message.PaxosMessage;
import io.bankledger.paxos.message.Prepare;
import io.bankledger.paxos.message.Promise;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Random;

/**
 * One Multi-Paxos node (proposer, acceptor and learner) as a deterministic state machine.
 *
 * <p>It is driven by a single thread through {@link #propose}, {@link #handle} and
 * {@link #tick}, and never calls out: each call returns an {@link Output} of actions (durable
 * writes, envelopes to send, decisions to apply, catch-up requests to serve from the durable log)
 * that the runtime carries out in the order documented on {@link Output}. Time is whatever the
 * caller passes as {@code nowMs}; randomness (election timeouts, forward ids) comes from a
 * {@link Random} seeded at construction. The same inputs therefore give the same outputs.
 *
 * <p>Restart: build a new node from the durable {@link AcceptorState} and the durable applied
 * slot. Everything else (role, leader, queued commands, learned-but-undelivered values) is
 * volatile and is rebuilt by the protocol.
 *
 * <p>Not thread-safe by design; it must never read a clock, start a thread or do IO.
 */
public final class PaxosNode {

    private static final int NO_NODE = CatchUp.NO_NODE;
    private static final int FORWARD_IDS_REMEMBERED = 4096;

    private enum Role { FOLLOWER, CANDIDATE, LEADER }

    private final PaxosConfig config;
    private final int self;
    private final List<Integer> peers;
    private final Random random;
    private final Acceptor acceptor;
    private final Learner learner;
    private final CommandQueue forwardBuffer;
    private final RecentIds forwardIdsSeen = new RecentIds(FORWARD_IDS_REMEMBERED);
    private final ElectionTimer electionTimer;
    private final CatchUp catchUp;

    private Role role = Role.FOLLOWER;
    private Candidacy candidacy;
    private Leadership leadership;
    private int leaderId = NO_NODE;
    private Ballot leaderBallot = Ballot.ZERO;
    /** Every ballot this incarnation leads is above it; older ones belong to past lives. */
    private final long startupRound;
    private long highestRoundSeen;
    private long lastNowMs;

    /**
     * @param config      static configuration of this node
     * @param restored    durable acceptor state ({@link AcceptorState#empty()} on first start)
     * @param appliedSlot the last slot the runtime durably applied (0 if none); delivery
     *                    resumes at {@code appliedSlot + 1}
     * @param randomSeed  seed of the only randomness in the node
     * @param nowMs       the caller's current time
     */
    public PaxosNode(PaxosConfig config, AcceptorState restored, long appliedSlot, long randomSeed, long nowMs) {
        this.config = Objects.requireNonNull(config, "config");
        this.self = config.nodeId();
        this.peers = config.memberIds().stream().filter(id -> id != self).toList();
        this.random = new Random(randomSeed);
        this.acceptor = new Acceptor(Objects.requireNonNull(restored, "restored"), appliedSlot);
        this.learner = new Learner(appliedSlot);
        this.forwardBuffer = new CommandQueue(config.forwardBufferMax());
        this.highestRoundSeen = acceptor.promised().round();
        this.startupRound = highestRoundSeen;
        this.lastNowMs = nowMs;
        this.electionTimer = new ElectionTimer(config, random, nowMs);
        this.catchUp = new CatchUp(config, peers);
    }

    // ---------------------------------------------------------------- inputs

    /**
     * Offers a client command for the log. The leader queues it and proposes it at once if its
     * window has room; another node forwards it to the leader it knows, or buffers it (bounded)
     * until it knows one. A command may be lost if a leader fails; the runtime retries commands
     * whose outcome it has not seen (the log may then hold one twice).
     *
     * @throws IllegalArgumentException if the command exceeds {@code batchBytesMax}
     */
    public Output propose(byte[] command, long nowMs) {
        return proposeAll(List.of(command), nowMs);
    }

    /**
     * Offers several client commands at once, as {@link #propose} would one by one, except that
     * they travel together: the leader packs them into as few slots as its batch bounds allow
     * (instead of one slot per command while its window has room), and another node forwards
     * them in as few messages. The runtime calls this with the commands that arrived in one turn.
     *
     * @throws IllegalArgumentException if a command exceeds {@code batchBytesMax}
     */
    public Output proposeAll(List<byte[]> commands, long nowMs) {
        Objects.requireNonNull(commands, "commands");
        for (byte[] command : commands) {
            Objects.requireNonNull(command, "command");
            if (command.length > config.batchBytesMax()) {
                throw new IllegalArgumentException("command of " + command.length
                        + " bytes exceeds batchBytesMax " + config.batchBytesMax());
            }
        }
        long now = advanceClock(nowMs);
        OutputBuilder out = new OutputBuilder();
        for (byte[] command : commands) {
            byte[] copy = command.clone();
            if (role == Role.LEADER) {
                leadership.pending().offer(copy, out);
            } else {
                forwardBuffer.offer(copy, out);
            }
        }
        if (role != Role.LEADER) {
            flushForwardBuffer(NO_NODE, out);
        }
        return finish(now, out);
    }

    /**
     * Handles one message from a peer.
     *
     * @throws IllegalArgumentException if the sender is not another member of the cluster
     */
    public Output handle(PaxosMessage message, long nowMs) {
        Objects.requireNonNull(message, "message");
        if (message.from() == self || !config.memberIds().contains(message.from())) {
            throw new IllegalArgumentException("message from " + message.from()
                    + " is not from another member of " + config.memberIds());
        }
        long now = advanceClock(nowMs);
        OutputBuilder out = new OutputBuilder();
        if (message instanceof Prepare m) {
            onPrepare(m, now, out);
        } else if (message instanceof Promise m) {
            onPromise(m, now, out);
        } else if (message instanceof Nack m) {
            onNack(m, now, out);
        } else if (message instanceof Accept m) {
            onAccept(m, now, out);
        } else if (message instanceof Accepted m) {
            onAccepted(m, now, out);
        } else if (message instanceof Heartbeat m) {
            onHeartbeat(m, now, out);
        } else if (message instanceof Forward m) {
            onForward(m, out);
        } else if (message instanceof CatchUpRequest m) {
            onCatchUpRequest(m, out);
        } else if (message instanceof CatchUpReply m) {
            onCatchUpReply(m, now, out);
        } else {
            throw new IllegalStateException("unhandled message type " + message.getClass());
        }
        return finish(now, out);
    }

    /** Lets time pass: heartbeats, retransmissions, election and catch-up timeouts. */
    public Output tick(long nowMs) {
        long now = advanceClock(nowMs);
        OutputBuilder out = new OutputBuilder();
        switch (role) {
            case LEADER -> {
                if (leadership.heartbeatDue(now, config.heartbeatIntervalMs())) {
                    sendHeartbeats(now, out);
                }
                retransmitAccepts(now, out);
            }
            case CANDIDATE -> {
                if (electionTimer.expired(now)) {
                    electionTimer.backOff();
                    startElection(now, out);
                } else if (now - candidacy.lastPrepareSentMs() >= config.retransmitIntervalMs()) {
                    sendPrepares(now, out);
                }
            }
            case FOLLOWER -> {
                if (electionTimer.expired(now)) {
                    startElection(now, out);
                } else {
                    flushForwardBuffer(NO_NODE, out);
                }
            }
        }
        return finish(now, out);
    }

    // ---------------------------------------------------------------- queries

    public boolean isLeader() {
        return role == Role.LEADER;
    }

    /** This node's own ballot while it runs for or holds leadership, otherwise the highest it promised. */
    public Ballot ballot() {
        return switch (role) {
            case LEADER -> leadership.ballot();
            case CANDIDATE -> candidacy.ballot();
            case FOLLOWER -> acceptor.promised();
        };
    }

    public OptionalInt leaderId() {
        return leaderId == NO_NODE ? OptionalInt.empty() : OptionalInt.of(leaderId);
    }

    /** Every slot up to this one is known to be chosen (its value may still be on its way). */
    public long commitIndex() {
        return learner.commitIndex();
    }

    /** The last slot handed out as a {@link Decision}. */
    public long deliveredSlot() {
        return learner.deliveredSlot();
    }

    // ---------------------------------------------------------------- acceptor side

    private void onPrepare(Prepare m, long now, OutputBuilder out) {
        noteRound(m.ballot());
        if (!acceptor.admits(m.ballot())) {
            out.send(m.from(), new Nack(self, m.ballot(), acceptor.promised()));
            return;
        }
        DurableWrite write = acceptor.promise(m.ballot());
        if (write != null) {
            out.write(write);
            if (role != Role.FOLLOWER) {
                stepDown(now, out, false);
            }
            // The node we followed is being superseded; forward nothing until the new one shows.
            leaderId = NO_NODE;
            electionTimer.reset(now);
        }
        long reportFrom = Math.max(m.fromSlot(), learner.deliveredSlot() + 1);
        out.send(m.from(), new Promise(self, m.ballot(), m.fromSlot(), acceptor.acceptedFrom(reportFrom),
                learner.deliveredSlot()));
    }

    private void onAccept(Accept m, long now, OutputBuilder out) {
        noteRound(m.ballot());
        if (!acceptor.admits(m.ballot())) {
            out.send(m.from(), new Nack(self, m.ballot(), acceptor.promised()));
        } else {
            DurableWrite promiseWrite = acceptor.promise(m.ballot());
            if (promiseWrite != null) {
                out.write(promiseWrite);
            }
            followLeader(m.from(), m.ballot(), now, out);
            if (m.slot() > learner.deliveredSlot()) {
                DurableWrite acceptWrite = acceptor.accept(m.slot(), m.ballot(), m.value());
                if (acceptWrite != null) {
                    out.write(acceptWrite);
                }
                out.send(m.from(), new Accepted(self, m.ballot(), m.slot()));
            } else {
                // Delivered here, so its entry may be pruned: tell the truth (the chosen value)
                // instead of claiming an accept that would not survive a restart.
                serveCatchUp(m.from(), m.slot(), m.slot(), out);
            }
        }
        learnLeaderCommit(m.from(), m.ballot(), m.commitIndex());
    }

    private void onHeartbeat(Heartbeat m, long now, OutputBuilder out) {
        noteRound(m.ballot());
        if (!acceptor.admits(m.ballot())) {
            out.send(m.from(), new Nack(self, m.ballot(), acceptor.promised()));
        } else {
            followLeader(m.from(), m.ballot(), now, out);
        }
        learnLeaderCommit(m.from(), m.ballot(), m.commitIndex());
    }

    /** A leader at an admitted ballot spoke: follow it, and stand down if we ran ourselves. */
    private void followLeader(int from, Ballot ballot, long now, OutputBuilder out) {
        if (role != Role.FOLLOWER && !ballot.equals(ballot())) {
            stepDown(now, out, false);
        }
        leaderId = from;
        leaderBallot = ballot;
        electionTimer.clearBackOff();
        electionTimer.reset(now);
        flushForwardBuffer(NO_NODE, out);
    }

    private void learnLeaderCommit(int from, Ballot ballot, long commitIndex) {
        learner.applyLeaderCommit(ballot, commitIndex, acceptor);
        catchUp.noteSource(from, commitIndex, learner.deliveredSlot());
    }

    // ---------------------------------------------------------------- proposer side

    private void startElection(long now, OutputBuilder out) {
        if (role == Role.LEADER) {
            throw new IllegalStateException("a leader does not start elections");
        }
        // Above every round seen or promised, so never a ballot this node used in an earlier life.
        long round = Math.max(highestRoundSeen, acceptor.promised().round()) + 1;
        highestRoundSeen = round;
        Ballot ballot = new Ballot(round, self);
        out.write(acceptor.promise(ballot));
        role = Role.CANDIDATE;
        leaderId = NO_NODE;
        long fromSlot = learner.deliveredSlot() + 1;
        candidacy = new Candidacy(ballot, fromSlot, now);
        candidacy.addPromise(self, acceptor.acceptedFrom(fromSlot), learner.deliveredSlot());
        electionTimer.reset(now);
        sendPrepares(now, out);
        if (candidacy.promiseCount() >= config.quorum()) {
            becomeLeader(now, out);
        }
    }

    private void sendPrepares(long now, OutputBuilder out) {
        for (int peer : peers) {
            if (!candidacy.hasPromiseFrom(peer)) {
                out.send(peer, new Prepare(self, candidacy.ballot(), candidacy.fromSlot()));
            }
        }
        candidacy.preparesSent(now);
    }

    private void onPromise(Promise m, long now, OutputBuilder out) {
        learner.knowChosenThrough(m.deliveredSlot());
        catchUp.noteSource(m.from(), m.deliveredSlot(), learner.deliveredSlot());
        if (role != Role.CANDIDATE || !m.ballot().equals(candidacy.ballot())) {
            return;
        }
        candidacy.addPromise(m.from(), m.accepted(), m.deliveredSlot());
        if (candidacy.promiseCount() >= config.quorum()) {
            becomeLeader(now, out);
        }
    }

    private void onNack(Nack m, long now, OutputBuilder out) {
        noteRound(m.promised());
        if (role != Role.FOLLOWER && m.rejected().equals(ballot()) && m.promised().isAbove(ballot())) {
            stepDown(now, out, true);
        }
    }

    /**
     * Phase 1 succeeded. Slots up to the highest delivered slot among the promisers are chosen
     * (learned by catch-up); every later slot up to the highest one anybody reported is
     * re-proposed with its known chosen value, else the highest-ballot accepted value, else a
     * no-op, so no hole is left behind.
     */
    private void becomeLeader(long now, OutputBuilder out) {
        Candidacy won = candidacy;
        candidacy = null;
        role = Role.LEADER;
        leaderId = self;
        leaderBallot = won.ballot();
        electionTimer.clearBackOff();
        learner.knowChosenThrough(won.maxDeliveredSlot());
        catchUp.noteSource(won.mostAdvancedNode(NO_NODE), won.maxDeliveredSlot(), learner.deliveredSlot());
        Map<Long, AcceptedValue> reported = won.highestAccepted();
        long firstOpen = Math.max(won.maxDeliveredSlot(), learner.deliveredSlot()) + 1;
        long lastOpen = Math.max(learner.commitIndex(), learner.highestChosenSlot());
        long lastTimestampMs = 0;
        for (Map.Entry<Long, AcceptedValue> entry : reported.entrySet()) {
            lastOpen = Math.max(lastOpen, entry.getKey());
            lastTimestampMs = Math.max(lastTimestampMs, entry.getValue().value().timestampMs());
        }
        lastOpen = Math.max(lastOpen, firstOpen - 1);
        leadership = new Leadership(won.ballot(), config.pendingCommandsMax(), lastOpen + 1, lastTimestampMs);
        for (long slot = firstOpen; slot <= lastOpen; slot++) {
            Value value = learner.chosenValue(slot);
            if (value == null && reported.containsKey(slot)) {
                value = reported.get(slot).value();
            }
            if (value == null) {
                value = Value.noOp(leadership.nextTimestampMs(now));
            }
            proposeSlot(slot, value, now, out);
        }
        forwardBuffer.drainInto(leadership.pending(), out);
        sendHeartbeats(now, out);
    }

    private void fillWindow(long now, OutputBuilder out) {
        while (leadership.inFlightCount() < config.pipelineWindow() && !leadership.pending().isEmpty()) {
            List<byte[]> batch = leadership.pending().takeBatch(config.batchCommandsMax(), config.batchBytesMax());
            long slot = leadership.takeNextSlot();
            proposeSlot(slot, new Value(leadership.nextTimestampMs(now), batch), now, out);
        }
    }

    private void proposeSlot(long slot, Value value, long now, OutputBuilder out) {
        if (slot <= learner.deliveredSlot()) {
            throw new IllegalStateException("proposing delivered slot " + slot);
        }
        Ballot ballot = leadership.ballot();
        Proposal proposal = leadership.propose(slot, value, now);
        DurableWrite write = acceptor.accept(slot, ballot, value);
        if (write != null) {
            out.write(write);
        }
        int votes = proposal.acceptedBy(self);
        long commit = leadership.announcedCommitIndex(learner.commitIndex());
        for (int peer : peers) {
            out.sendAsProposer(peer, new Accept(self, ballot, slot, value, commit));
        }
        leadership.announcedToAll(commit);
        if (votes >= config.quorum()) {
            resolve(slot, value);
        }
    }

    private void onAccepted(Accepted m, long now, OutputBuilder out) {
        if (role != Role.LEADER || !m.ballot().equals(leadership.ballot())) {
            return;
        }
        Proposal proposal = leadership.inFlight(m.slot());
        if (proposal != null && proposal.acceptedBy(m.from()) >= config.quorum()) {
            resolve(m.slot(), proposal.value());
        }
    }

    private void retransmitAccepts(long now, OutputBuilder out) {
        long commit = leadership.announcedCommitIndex(learner.commitIndex());
        for (Proposal proposal : leadership.inFlight()) {
            if (now - proposal.lastSentMs() < config.retransmitIntervalMs()) {
                continue;
            }
            for (int peer : peers) {
                if (!proposal.hasAccepted(peer)) {
                    out.send(peer, new Accept(self, leadership.ballot(), proposal.slot(), proposal.value(), commit));
                }
            }
            proposal.sent(now);
        }
    }

    private void sendHeartbeats(long now, OutputBuilder out) {
        long commit = leadership.announcedCommitIndex(learner.commitIndex());
        for (int peer : peers) {
            out.send(peer, new Heartbeat(self, leadership.ballot(), commit));
        }
        leadership.heartbeatSent(now);
        leadership.announcedToAll(commit);
    }

    /**
     * Stands down from candidacy or leadership. Queued commands go back to the forward buffer
     * (for the next leader); proposals in flight are abandoned: the next leader's Phase 1
     * finds those that any acceptor holds.
     */
    private void stepDown(long now, OutputBuilder out, boolean backOff) {
        if (role == Role.LEADER) {
            leadership.pending().drainInto(forwardBuffer, out);
        }
        role = Role.FOLLOWER;
        leadership = null;
        candidacy = null;
        if (leaderId == self) {
            leaderId = NO_NODE;
        }
        if (backOff) {
            electionTimer.backOff();
        }
        electionTimer.reset(now);
    }

    // ---------------------------------------------------------------- forwarding

    private void onForward(Forward m, OutputBuilder out) {
        boolean mineThisLife = m.leaderBallot().nodeId() == self && m.leaderBallot().round() > startupRound;
        if (!mineThisLife || !forwardIdsSeen.firstSighting(m.forwardId())) {
            // Meant for an earlier life of this node (which may have taken it already), or a
            // duplicate: proposing it could put it in the log twice. The origin retries.
            return;
        }
        CommandQueue target = role == Role.LEADER ? leadership.pending() : forwardBuffer;
        for (byte[] command : m.commands()) {
            if (command.length > config.batchBytesMax()) {
                out.reject(command);
            } else {
                target.offer(command, out);
            }
        }
        if (role != Role.LEADER) {
            flushForwardBuffer(m.from(), out);
        }
    }

    /** Sends buffered commands to the known leader, unless it is {@code notTo} (no ping-pong). */
    private void flushForwardBuffer(int notTo, OutputBuilder out) {
        if (role == Role.LEADER || leaderId == NO_NODE || leaderId == self || leaderId == notTo) {
            return;
        }
        while (!forwardBuffer.isEmpty()) {
            List<byte[]> batch = forwardBuffer.takeBatch(config.batchCommandsMax(), config.batchBytesMax());
            out.send(leaderId, new Forward(self, leaderBallot, random.nextLong(), batch));
        }
    }

    // ---------------------------------------------------------------- learning and catch-up

    private void onCatchUpRequest(CatchUpRequest m, OutputBuilder out) {
        serveCatchUp(m.from(), m.fromSlot(), m.toSlot(), out);
    }

    private void serveCatchUp(int to, long fromSlot, long toSlot, OutputBuilder out) {
        long lastServed = Math.min(Math.min(toSlot, learner.deliveredSlot()), fromSlot + config.catchUpChunkSlots() - 1);
        if (fromSlot <= lastServed) {
            out.serve(new CatchUpServe(to, fromSlot, lastServed, learner.commitIndex()));
        }
    }

    private void onCatchUpReply(CatchUpReply m, long now, OutputBuilder out) {
        for (int i = 0; i < m.values().size(); i++) {
            long slot = m.firstSlot() + i;
            Value value = m.values().get(i);
            if (role == Role.LEADER) {
                Proposal proposal = leadership.inFlight(slot);
                if (proposal != null && !proposal.value().equals(value)) {
                    // Another ballot chose a different value here: ours is stale.
                    stepDown(now, out, false);
                } else if (proposal != null) {
                    leadership.resolved(slot);
                }
            }
            learner.learn(slot, value);
        }
        learner.knowChosenThrough(Math.max(m.commitIndex(), m.lastSlot()));
        catchUp.noteSource(m.from(), m.commitIndex(), learner.deliveredSlot());
        learner.deliver(out, acceptor);
        catchUp.replyReceived(learner.deliveredSlot());
    }

    /** A quorum accepted this leader's proposal: its value is chosen. */
    private void resolve(long slot, Value value) {
        leadership.resolved(slot);
        learner.learn(slot, value);
    }

    // ---------------------------------------------------------------- plumbing

    /** Common tail of every call: propose what fits, deliver what is known, fetch what is missing. */
    private Output finish(long now, OutputBuilder out) {
        if (role == Role.LEADER && Math.max(learner.highestChosenSlot(), learner.commitIndex())
                >= leadership.nextSlot()) {
            // A slot this leader never assigned is chosen: a higher ballot is at work.
            stepDown(now, out, false);
        }
        if (role == Role.LEADER) {
            fillWindow(now, out);
            // Followers learn a decision at once, not at the next heartbeat: the node that took
            // a request answers it only when it has applied it, so waiting for the heartbeat
            // interval would add half of it to the latency of every request taken by a follower.
            if (leadership.announcedCommitIndex(learner.commitIndex()) > leadership.lastAnnouncedCommit()) {
                sendHeartbeats(now, out);
            }
        }
        learner.deliver(out, acceptor);
        catchUp.requestIfBehind(learner, leaderId, now, out);
        return out.build();
    }

    private void noteRound(Ballot ballot) {
        highestRoundSeen = Math.max(highestRoundSeen, ballot.round());
    }


    /** The caller's clock may step back; the node's never does. */
    private long advanceClock(long nowMs) {
        lastNowMs = Math.max(lastNowMs, nowMs);
        return lastNowMs;
    }
}
