"""For every S phase of the given results files (any session's), the cores each process kept busy:
committed transfers/s, client p50 and p99, the broker, the three nodes and the three PostgreSQL
servers together, the generator and the whole machine, the machine's CPU per transfer, then the
nodes' slots a second and a command's time from proposal to answer.
Usage: python3 processes.py prio-new-1.json ../2026-11-27-2core-session17/intake-new-1.json ..."""
import json
import sys


def cores(cpu, prefix, seconds):
    return sum(v for k, v in cpu.items() if k.startswith(prefix)) / seconds


for path in sys.argv[1:]:
    print('==', path)
    for x in json.load(open(path))['measurements']:
        if x['system'] != 'S':
            continue
        cpu, s, n = x['cpuSeconds'], x['seconds'], x.get('nodes') or {}
        rate = x['load'] if x['targetRate'] is None or x['load'] in ('max', '70%') else '%d/s' % x['targetRate']
        print('  %-7s %-9s %7.0f/s  p50 %6.1f  p99 %7.1f ms | cores: broker %.2f, nodes %.2f, servers %.2f,'
              ' generator %.2f, machine %.2f (%.3f ms/transfer) | slots/s %.0f, in the nodes %.1f ms'
              % (x['mix'], rate, x['committedPerSecond'], x['p50Ms'], x['p99Ms'], cores(cpu, 'broker', s),
                 cores(cpu, 'node-', s), cores(cpu, 'postgres-', s), cores(cpu, 'generator', s),
                 cores(cpu, 'machine', s), cpu['machine'] * 1000 / x['committed'], n.get('slotsPerSecond', 0),
                 n.get('commitMs', 0)))
