"""Prints every phase of the named runs of this directory (B and S): committed transfers/s, client
p50 and p99, the generator's and the whole machine's CPU per transfer, the cores the machine kept
busy, and for S the nodes' slots a second, commands per slot and time from proposal to answer.
Usage: python3 summarize.py ab-new-1 ab-base-1 ..."""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
for label in sys.argv[1:]:
    with open(os.path.join(here, label + '.json')) as f:
        d = json.load(f)
    print('==', label)
    for x in d['measurements']:
        c = x['committed']
        cpu = x['cpuSeconds']
        n = x.get('nodes') or {}
        load = x['load'] if x['targetRate'] is None or x['load'] in ('max', '70%') else '%d/s' % x['targetRate']
        print('  %s %-7s %-9s %8.0f/s  p50 %6.1f  p99 %7.1f ms | CPU ms/transfer: machine %.3f, generator %.4f'
              ' | cores %.2f, generator %.3f | slots/s %.0f, commands/slot %.0f, in the nodes %.1f ms'
              % (x['system'], x['mix'], load, x['committedPerSecond'], x['p50Ms'], x['p99Ms'],
                 cpu['machine'] * 1000 / c, cpu['generator'] * 1000 / c, cpu['machine'] / x['seconds'],
                 cpu['generator'] / x['seconds'], n.get('slotsPerSecond', 0), n.get('commandsPerSlot', 0),
                 n.get('commitMs', 0)))
