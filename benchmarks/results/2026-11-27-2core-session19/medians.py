"""CPU milliseconds per committed transfer by process group, and the cores the machine kept busy,
as medians over the runs of one results file (each column its own median). For a max phase each
run's best sweep step counts, as in the file's own medians.
Usage: python3 medians.py medians-BS.json"""
import json
import statistics
import sys
from collections import defaultdict

data = json.load(open(sys.argv[1]))
best = {}
for x in data['measurements']:
    key = (x['run'], x['system'], x['mix'], x['load'])
    if key not in best or x['committedPerSecond'] > best[key]['committedPerSecond']:
        best[key] = x
groups = defaultdict(lambda: defaultdict(list))
for (run, system, mix, load), x in best.items():
    cpu, c = x['cpuSeconds'], x['committed']
    row = groups[(system, mix, load)]
    for name, prefix in (('broker', 'broker'), ('nodes', 'node-'), ('postgres', 'postgres'),
                         ('generator', 'generator'), ('machine', 'machine')):
        parts = [v for k, v in cpu.items() if k.startswith(prefix)]
        if parts:
            row[name].append(sum(parts) * 1000 / c)
    row['cores'].append(cpu['machine'] / x['seconds'])
    row['rate'].append(x['committedPerSecond'])
print('| system | mix | load | broker | 3 nodes | PostgreSQL | generator | whole machine | cores busy | runs |')
print('|---|---|---|---|---|---|---|---|---|---|')
for (system, mix, load), row in sorted(groups.items()):
    cell = lambda name, fmt='%.3f': fmt % statistics.median(row[name]) if row.get(name) else '—'
    print('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |' % (
        system, mix, load, cell('broker'), cell('nodes'), cell('postgres'), cell('generator'),
        cell('machine'), cell('cores', '%.2f'), len(row['rate'])))
