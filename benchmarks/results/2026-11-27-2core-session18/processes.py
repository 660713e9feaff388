"""Prints every S phase of the named runs of this directory with the cores each process kept busy:
committed transfers/s, client p50 and p99, the broker, the three nodes and the three PostgreSQL
servers together, the generator and the whole machine, then the nodes' slots a second and a
command's time from proposal to answer.
Usage: python3 processes.py prio-new-1 prio-base-1 ..."""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
for label in sys.argv[1:]:
    with open(os.path.join(here, label + '.json')) as f:
        d = json.load(f)
    print('==', label)
    for x in d['measurements']:
        if x['system'] != 'S':
            continue
        cpu, s, n = x['cpuSeconds'], x['seconds'], x.get('nodes') or {}
        nodes = sum(v for k, v in cpu.items() if k.startswith('node-'))
        servers = sum(v for k, v in cpu.items() if k.startswith('postgres-'))
        load = x['load'] if x['targetRate'] is None or x['load'] in ('max', '70%') else '%d/s' % x['targetRate']
        print('  %-7s %-9s %7.0f/s  p50 %6.1f  p99 %7.1f ms | cores: broker %.2f, nodes %.2f, servers %.2f,'
              ' generator %.2f, machine %.2f (%.3f ms/transfer) | slots/s %.0f, in the nodes %.1f ms'
              % (x['mix'], load, x['committedPerSecond'], x['p50Ms'], x['p99Ms'], cpu['broker'] / s,
                 nodes / s, servers / s, cpu['generator'] / s, cpu['machine'] / s,
                 cpu['machine'] * 1000 / x['committed'], n.get('slotsPerSecond', 0), n.get('commitMs', 0)))
