#!/usr/bin/env bash
# Runs the benchmark of BENCHMARKS.md from a clean clone: builds what it needs, then measures
# S (the 3-node cluster, separate processes) and B (one PostgreSQL) side by side.
#   benchmarks/run.sh                      # 3 runs, both mixes, both systems (about 15 minutes)
#   benchmarks/run.sh --runs 1 --seconds 10 --sweep-seconds 5     # a quick look
# Results: target/benchmarks/results.json and summary.md under the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl benchmarks -am
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -Xmx1g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
     io.bankledger.bench.BenchmarkMain --out target/benchmarks "$@"
