package io.bankledger.node.runtime;

import io.bankledger.node.intake.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commands this node took from the queue and has not seen decided yet, shared by the loop (which
 * adds and re-proposes) and the applier (which removes and answers). Bounded by the intake's
 * pending limit. A request for a commandId already pending joins it instead of being proposed
 * again; once removed, a later request with that id is proposed anew and the ledger answers it
 * with the first outcome.
 */
final class PendingCommands {

    /** One commandId's requests; guarded by its own monitor. */
    static final class Pending {
        final byte[] canonical;
        final List<Request> requests = new ArrayList<>(1);
        final long firstProposedNanos = System.nanoTime();
        long proposedAtMs;

        Pending(byte[] canonical, long proposedAtMs) {
            this.canonical = canonical;
            this.proposedAtMs = proposedAtMs;
        }
    }

    private final ConcurrentHashMap<String, Pending> byCommandId = new ConcurrentHashMap<>();

    /** Adds {@code request}; true if its commandId was not pending, so it must be proposed. */
    boolean add(Request request, long nowMs) {
        boolean[] fresh = new boolean[1];
        byCommandId.compute(request.commandId(), (id, existing) -> {
            Pending pending = existing;
            if (pending == null) {
                pending = new Pending(request.canonical(), nowMs);
                fresh[0] = true;
            }
            pending.requests.add(request);
            return pending;
        });
        return fresh[0];
    }

    /** Removes and returns the requests waiting for {@code commandId}, or null. */
    Pending remove(String commandId) {
        return byCommandId.remove(commandId);
    }

    /** Commands pending for {@code afterMs} or more, marked as proposed again now. */
    List<byte[]> dueForReproposal(long nowMs, long afterMs) {
        List<byte[]> due = new ArrayList<>();
        for (Pending pending : byCommandId.values()) {
            if (nowMs - pending.proposedAtMs >= afterMs) {
                pending.proposedAtMs = nowMs;
                due.add(pending.canonical);
            }
        }
        return due;
    }

    /** Makes every pending command due at once: the leader it was sent to is no longer the leader. */
    void markAllDue() {
        for (Pending pending : byCommandId.values()) {
            pending.proposedAtMs = Long.MIN_VALUE / 2;
        }
    }

    int size() {
        return byCommandId.size();
    }

    boolean isEmpty() {
        return byCommandId.isEmpty();
    }
}
