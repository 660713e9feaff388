#!/usr/bin/env bash
# Profiles S (the 3-node cluster of BENCHMARKS.md) while it runs at its maximum rate on the uniform
# mix, after the benchmark's warm-ups:
#   - the node JVMs with async-profiler (fetched from Maven Central): one flame graph per node, and
#     the same samples as collapsed stacks (node-<pid>.collapsed);
#   - the whole machine with perf, if it is installed (Debian: linux-perf; run as root): which
#     processes use the CPU, and where PostgreSQL spends it.
#   benchmarks/profile.sh            # 20 s of profiling
#   benchmarks/profile.sh 30         # 30 s
# Results under target/profile/ of the repository root. Takes about 4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
out=target/profile
ap_version=3.0
rm -rf "$out" && mkdir -p "$out"

mvn -B -q install -DskipTests -pl benchmarks -am
# The class path names the project's modules as installed in the local Maven repository by the
# line above: while this runs, installing another build (another clone's benchmark, say) changes
# what a process started later loads. Run one at a time.
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$ap_version
(cd "$out" && unzip -q -o "$HOME/.m2/repository/tools/profiler/async-profiler/$ap_version/async-profiler-$ap_version.jar" \
    'linux-x64/*')
agent="$PWD/$out/linux-x64/libasyncProfiler.so"

# One S run; the uniform maximum phase lasts long enough to hold the profile.
java -Xmx1g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
    io.bankledger.bench.BenchmarkMain --out "$out/benchmark" --runs 1 --systems S \
    --cluster-concurrency 2048 --sweep-seconds $((seconds + 15)) > "$out/benchmark.log" 2>&1 &
bench=$!
trap 'kill $bench 2>/dev/null || true' EXIT

# The hot warm-up is the last one; the uniform maximum phase starts when it ends.
until grep -qs 'S run 0 hot warm-up' "$out/benchmark.log"; do
  if ! kill -0 $bench 2>/dev/null; then echo "the benchmark stopped: see $out/benchmark.log" >&2; exit 1; fi
  sleep 1
done
sleep 3
nodes=$(pgrep -f 'io.bankledger.node.BankNodeMain run' | tr '\n' ' ' || true)
echo "profiling nodes $nodes for $seconds s"
for pid in $nodes; do
  jcmd "$pid" JVMTI.agent_load "$agent" "\"start,event=cpu,interval=2ms\"" > /dev/null
done
if command -v perf > /dev/null; then
  perf record -a -g -F 499 -o "$out/perf.data" -- sleep "$seconds" 2> "$out/perf-record.log"
else
  echo "perf is not installed: no whole-machine profile"
  sleep "$seconds"
fi
for pid in $nodes; do
  # The same samples twice: as collapsed stacks (one line per stack, easy to total with a script),
  # then as the flame graph.
  jcmd "$pid" JVMTI.agent_load "$agent" "\"dump,collapsed,file=$PWD/$out/node-$pid.collapsed\"" > /dev/null
  jcmd "$pid" JVMTI.agent_load "$agent" "\"stop,file=$PWD/$out/node-$pid.html\"" > /dev/null
done
kill $bench 2>/dev/null || true
wait $bench 2>/dev/null || true

if [ -f "$out/perf.data" ]; then
  perf report -i "$out/perf.data" --no-children -g none --sort comm --stdio 2> /dev/null \
      | grep -v '^#' | grep -v '^$' > "$out/cpu-by-thread.txt"
  perf report -i "$out/perf.data" --no-children -g none --comm postgres --sort dso,sym --stdio 2> /dev/null \
      | grep -v '^#' | grep -v '^$' > "$out/postgres-symbols.txt"
  echo "== CPU by thread name, share of all samples of the machine ($out/cpu-by-thread.txt)"
  head -12 "$out/cpu-by-thread.txt"
  echo "== where PostgreSQL spends it ($out/postgres-symbols.txt)"
  head -15 "$out/postgres-symbols.txt"
fi
echo "== node flame graphs: $(ls "$out"/node-*.html | tr '\n' ' ')"
echo "== the same as collapsed stacks: $(ls "$out"/node-*.collapsed | tr '\n' ' ')"
