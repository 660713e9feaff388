/**
 * Client intake: consumes {@code bank.requests} as a competing consumer with individual
 * acknowledgement, refuses what cannot be decoded (INVALID reply, dead-letter copy with the
 * reason), hands valid commands to the node's loop, and, once the loop reports an outcome durable,
 * replies and only then acknowledges. Never decides an outcome itself.
 */
package io.bankledger.node.intake;
