/**
 * Fault testing with real processes: the broker and every bank node run as their own JVM, every
 * node has its own PostgreSQL server, and a nemesis kills (-9), pauses (SIGSTOP/SIGCONT) and
 * restarts them, restarts the broker and the databases, and loses, duplicates, delays and
 * partitions Paxos messages while concurrent clients move money over a few hot accounts.
 *
 * <ul>
 *   <li>{@link io.bankledger.node.faults.ProcessCluster}: the harness (broker process, node
 *       processes, one {@link io.bankledger.node.faults.NodeDatabase} per node, fault controls);
 *       reusable by benchmarks.</li>
 *   <li>{@link io.bankledger.node.faults.Workload}: clients recording every command and its
 *       outcome ({@link io.bankledger.node.faults.Op}: OK, REJECTED or INDETERMINATE).</li>
 *   <li>{@link io.bankledger.node.faults.Nemesis}: the fault schedule, one minority fault at a
 *       time, then a healing phase.</li>
 *   <li>{@link io.bankledger.node.faults.Checker}: pure, over plain data (the history and one
 *       {@link io.bankledger.node.faults.NodeSnapshot} per node), so that its own tests can feed
 *       it broken logs without a cluster ({@code CheckerTest}).</li>
 *   <li>{@link io.bankledger.node.faults.BankUnderFaultsTest}: the CI-sized run and, with
 *       {@code -Dfaults.minutes=N}, the long run.</li>
 * </ul>
 *
 * <p>Nothing here may be used by main code; it depends on main code only through the node's
 * command line, its admin queue, the fault control topic and its database.
 */
package io.bankledger.node.faults;
