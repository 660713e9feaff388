/**
 * The replica at run time: the single-threaded loop that owns the Paxos core and the ledger and
 * carries out the core's actions in order (durable writes, then sends, then decisions, then
 * catch-up serves), the node's assembly and lifecycle, and its configuration.
 */
package io.bankledger.node.runtime;
