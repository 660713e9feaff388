package io.bankledger.paxos;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The last few thousand forward ids seen, so that a Forward the network duplicated is not
 * proposed twice. Bounded: older ids are forgotten first.
 */
final class RecentIds {

    private final int capacity;
    private final ArrayDeque<Long> order = new ArrayDeque<>();
    private final Set<Long> ids = new HashSet<>();

    RecentIds(int capacity) {
        this.capacity = capacity;
    }

    /** Returns true the first time {@code id} is seen (within the window). */
    boolean firstSighting(long id) {
        if (!ids.add(id)) {
            return false;
        }
        order.addLast(id);
        if (order.size() > capacity) {
            ids.remove(order.pollFirst());
        }
        return true;
    }
}
