/**
 * The wire contract of the bank ledger: commands, replies and events, their JSON codecs, the
 * canonical byte forms that Paxos carries and the event hash chain covers, and the JMS
 * destination names.
 *
 * <p>Services written in other languages are built against the names in this package (JSON
 * {@code type} values, field names, reason codes, destinations). Extend compatibly — new optional
 * fields, new types — and never rename.
 *
 * <p>This package depends on the JDK and Jackson only. It must never depend on JMS, JDBC, Paxos,
 * threads or clocks: it describes messages, it does not move them.
 */
package io.bankledger.protocol;
