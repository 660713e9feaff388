/**
 * The Paxos wire messages (a sealed interface of records) and
 * {@link io.bankledger.paxos.message.PaxosCodec}, their compact binary form. Like the core, it
 * must never import JMS, JDBC, threads or clocks.
 */
package io.bankledger.paxos.message;
