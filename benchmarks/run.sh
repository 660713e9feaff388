#!/usr/bin/env bash
# Runs the benchmark of BENCHMARKS.md from a clean clone: builds what it needs, then measures
# S (the 3-node cluster, separate processes) and B (one PostgreSQL) side by side.
#   benchmarks/run.sh                      # 3 runs, both mixes, both systems (about 15 minutes)
#   benchmarks/run.sh --runs 1 --seconds 10 --sweep-seconds 5     # a quick look
# Results: target/benchmarks/results.json and summary.md under the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl benchmarks -am
# The class path names the project's modules as installed in the local Maven repository by the
# line above: while this runs, installing another build (another clone's benchmark, say) changes
# what a process started later loads. Run one at a time.
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -Xmx1g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
     io.bankledger.bench.BenchmarkMain --out target/benchmarks "$@"
