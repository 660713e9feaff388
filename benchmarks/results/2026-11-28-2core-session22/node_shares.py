"""Shares of the node JVMs' CPU samples (async-profiler's collapsed stacks of benchmarks/profile.sh),
for two profiles side by side: python3 node_shares.py <profile dir before> <profile dir after>."""
import collections
import glob
import sys

FRAMES = ('StoreWriter.run', 'Applier.run', 'NodeLoop.run', 'NodeStore.apply', 'ApplyStatement.add',
          'ApplyStatement.execute', 'ApplyStatement.storedReply', 'LedgerEvent.canonicalJson',
          'EventHash.compute', 'BatchWork.execute', 'CommandCodec.decode')


def shares(directory):
    counts, total = collections.Counter(), 0
    for path in glob.glob(directory + '/node-*.collapsed'):
        for line in open(path):
            stack, n = line.rstrip().rsplit(' ', 1)
            total += int(n)
            names = {frame.split('$$')[0].split('/')[-1] for frame in stack.split(';')}
            for frame in FRAMES:
                if frame in names:
                    counts[frame] += int(n)
    return counts, total


before, after = shares(sys.argv[1]), shares(sys.argv[2])
print(f"samples (2 ms each, three nodes, 20 s): {before[1]} before, {after[1]} after")
print("share of the nodes' samples with the frame on the stack: before, after")
for frame in FRAMES:
    print(f"{before[0][frame] / before[1] * 100:6.1f}% {after[0][frame] / after[1] * 100:6.1f}%  {frame}")
