/**
 * The project's performance harnesses, documented in {@code BENCHMARKS.md}; nothing here runs in
 * production, and nothing in the other modules depends on it.
 *
 * <ul>
 *   <li>{@link io.bankledger.bench.BenchmarkMain} ({@code benchmarks/run.sh}): the same transfer
 *       workload, driven open-loop by the CLI's load generator, against the 3-node cluster as
 *       separate processes (S, S1) and against one PostgreSQL with one transaction per transfer
 *       ({@link io.bankledger.bench.PostgresBaseline}, B), side by side in one run, with CPU and
 *       memory per process ({@link io.bankledger.bench.ProcessStats}) and the nodes' own
 *       counters ({@link io.bankledger.bench.NodeCounters}).</li>
 *   <li>{@link io.bankledger.bench.ApplyCostMain} ({@code benchmarks/apply-cost.sh}): one node's
 *       apply transaction alone on a durable embedded PostgreSQL, by group size, against an
 *       earlier {@code bank_apply} if given one.</li>
 * </ul>
 *
 * <p>Every PostgreSQL they start is durable (fsync and synchronous_commit on); timings are
 * compared only within one run on one machine, never asserted by tests.
 */
package io.bankledger.bench;
