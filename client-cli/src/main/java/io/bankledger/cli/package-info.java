/**
 * The {@code bank} command: one picocli class per subcommand, a JMS client of the wire contract
 * ({@code client}), exact amount parsing ({@code amount}), the load generator ({@code load}) and
 * table output ({@code output}). It depends on bank-protocol, the Artemis JMS client, picocli and
 * HdrHistogram, never on bank-node: it is a client like any other, and speaks only the contract.
 */
package io.bankledger.cli;
