/**
 * JMS plumbing: connection factories with reconnection, Paxos messages over the per-node topics
 * {@code bank.node.<id>} (non-persistent: Paxos tolerates loss), and committed events on
 * {@code bank.events}. Carries bytes; decides nothing. A JMS session is used by one thread only.
 */
package io.bankledger.node.transport;
