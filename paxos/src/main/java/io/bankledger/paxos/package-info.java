/**
 * Multi-Paxos as a pure, deterministic state machine: {@link io.bankledger.paxos.PaxosNode}
 * takes proposals, messages and ticks and returns actions ({@link io.bankledger.paxos.Output}:
 * durable writes, envelopes, decisions, catch-up serves) for a runtime to carry out; the
 * messages and their binary codec live in {@code io.bankledger.paxos.message}.
 *
 * <p>This package depends on nothing but the JDK and must never import JMS, JDBC, threads or
 * clocks (no {@code System.currentTimeMillis}, no unseeded randomness): that is what lets the
 * test simulator replay any run from its seed.
 */
package io.bankledger.paxos;
