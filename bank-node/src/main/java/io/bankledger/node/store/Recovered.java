package io.bankledger.node.store;

import io.bankledger.node.ledger.LedgerState;
import io.bankledger.paxos.AcceptorState;

/** What a node restarts from: its acceptor's durable state and its ledger as of its applied slot. */
public record Recovered(AcceptorState acceptor, LedgerState ledger, long appliedSlot) {
}
