"""Shares of the nodes' async-profiler samples (collapsed stacks) by frame, for several profiles side by side.

python3 node_frames.py LABEL=DIR [LABEL=DIR ...]   (each DIR holds node-*.collapsed and cpu-by-thread.txt)

For each profile: the nodes' samples, PostgreSQL's share of the machine (from perf, cpu-by-thread.txt),
and per frame the samples with it on the stack (inclusive) or at the top (self, marked *), also
divided by PostgreSQL's share: PostgreSQL's CPU per transfer did not change between these builds, so
samples per point of PostgreSQL are samples per unit of work, whatever the run's throughput was.
"""
import glob
import os
import sys

FRAMES = [
    ("io/bankledger/node/runtime/Applier.run", False),
    ("io/bankledger/node/ledger/Ledger.apply", False),
    ("io/bankledger/node/ledger/BatchWork.append", False),
    ("io/bankledger/protocol/CommittedEvent.chain", False),
    ("io/bankledger/protocol/EventHash.compute", False),
    ("io/bankledger/protocol/EventHash.digest", False),
    ("io/bankledger/protocol/CommittedEvent.<init>", False),
    ("io/bankledger/protocol/EventHash.isLowerHex", True),
    ("io/bankledger/protocol/Fields.isUuidText", True),
    ("io/bankledger/protocol/Fields.isAccountId", True),
    ("io/bankledger/protocol/Fields.allOf", True),
    ("io/bankledger/node/runtime/StoreWriter.run", False),
    ("io/bankledger/node/store/ApplyStatement.add", False),
    ("io/bankledger/node/runtime/NodeLoop.run", False),
]
JIT = ("CompileBroker", "C2Compiler", "Compile::")
GC = ("GCTaskThread", "PSPromotion", "ParallelScavenge", "WorkerThread")

def load(directory):
    stacks = []
    for path in glob.glob(os.path.join(directory, "node-*.collapsed")):
        for line in open(path):
            stack, n = line.rstrip().rsplit(" ", 1)
            stacks.append((stack.split(";"), int(n)))
    postgres = next(float(l.split()[0].rstrip("%")) for l in open(os.path.join(directory, "cpu-by-thread.txt"))
                    if l.split()[1] == "postgres")
    return stacks, postgres

profiles = [(arg.split("=", 1)[0], *load(arg.split("=", 1)[1])) for arg in sys.argv[1:]]
print("%-46s" % "", *("%24s" % label for label, _, _ in profiles))
print("%-46s" % "PostgreSQL, % of the machine", *("%24.2f" % pg for _, _, pg in profiles))
rows = [("all the nodes' samples", lambda f: True),
        ("  the JIT's compiler threads", lambda f: any(j in x for x in f for j in JIT)),
        ("  the collector's threads", lambda f: any(g in x for x in f for g in GC)),
        ("  the rest", lambda f: not any(j in x for x in f for j in JIT + GC))]
rows += [(("*" if top else "") + name.split("/")[-1], (lambda name, top: (lambda f: f[-1] == name if top else name in f))(name, top))
         for name, top in FRAMES]
for label, test in rows:
    cells = []
    for _, stacks, pg in profiles:
        n = sum(c for f, c in stacks if test(f))
        cells.append("%7d (%5.1f/pt PG)" % (n, n / pg))
    print("%-46s" % label, *("%24s" % c for c in cells))
