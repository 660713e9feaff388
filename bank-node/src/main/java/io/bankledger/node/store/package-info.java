/**
 * The node's PostgreSQL store: acceptor state, the replicated log of chosen batches, the event
 * store with its hash chain and each command's outcome, and the projections, all in the node's own
 * database. One transaction per applied group of batches keeps the projections never behind the
 * events they come from.
 *
 * <p>Depends on JDBC (Jdbi over a HikariCP pool), the protocol's records and the Paxos values;
 * never on JMS, and never decides anything: the ledger and the Paxos core decide, the store keeps.
 */
package io.bankledger.node.store;
