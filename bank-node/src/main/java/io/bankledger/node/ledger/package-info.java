/**
 * The ledger: a deterministic state machine {@code (state, chosen batch) -> (events, replies)}.
 *
 * <p>Every node applies the same chosen batches in slot order to its own {@link
 * io.bankledger.node.ledger.Ledger} and must get the same events, byte for byte, and so the same
 * hash chain. Hence the rules of this package: no clock (the batch carries the leader's
 * timestamp), no randomness, no iteration over unordered collections where the order reaches an
 * output, and no IO.
 *
 * <p>It depends on {@code io.bankledger.protocol} and the JDK only. It must never depend on JMS,
 * JDBC, Paxos, the node runtime, threads or logging: the node persists what {@link
 * io.bankledger.node.ledger.BatchResult} returns, in one transaction, and only then replies.
 */
package io.bankledger.node.ledger;
