"""Prints every S phase of the named runs of this directory: committed transfers/s, client p50 and
p99, CPU ms per transfer (whole machine, the three PostgreSQL servers, the three nodes) and the
nodes' counters (time in the nodes from proposal to answer, share of the phase the store writer
was busy). Usage: python3 summarize.py ab-new-1 ab-base-1 collector-p1g-1 ..."""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
for label in sys.argv[1:]:
    with open(os.path.join(here, label + '.json')) as f:
        d = json.load(f)
    print('==', label, ' '.join(d['settings'].get('nodeJvm', [])))
    for x in d['measurements']:
        if x['system'] != 'S':
            continue
        c = x['committed']
        cpu = x['cpuSeconds']
        nodes = sum(v for k, v in cpu.items() if k.startswith('node')) * 1000 / c
        pg = sum(v for k, v in cpu.items() if k.startswith('postgres')) * 1000 / c
        n = x.get('nodes') or {}
        load = x['load'] if x['targetRate'] is None or x['load'] in ('max', '70%') else '%d/s' % x['targetRate']
        print('  %-7s %-9s %8.0f/s  p50 %6.1f  p99 %7.1f ms | CPU ms/transfer: machine %.3f, PostgreSQL %.3f,'
              ' nodes %.3f | in the nodes %.1f ms, writer busy %.2f'
              % (x['mix'], load, x['committedPerSecond'], x['p50Ms'], x['p99Ms'], cpu['machine'] * 1000 / c,
                 pg, nodes, n.get('commitMs', 0), n.get('applyBusy', 0)))
