/**
 * The replica at run time: the loop that owns the Paxos core and carries out its actions in order
 * (durable writes, then sends, then decisions, then catch-up serves); the applier, which owns the
 * ledger, decides chosen batches and answers; the store writer, which commits what the applier
 * decided; the node's assembly and lifecycle, and its configuration.
 */
package io.bankledger.node.runtime;
