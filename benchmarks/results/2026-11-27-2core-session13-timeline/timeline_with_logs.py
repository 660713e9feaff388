#!/usr/bin/env python3
"""Prints each percentage phase of a results.json second by second, beside the checkpoints and
autovacuums that the PostgreSQL logs given after it record in that second.

    python3 timeline_with_logs.py run-b2bf7f7.json postgres-1.log postgres-2.log postgres-3.log
"""
import datetime
import json
import re
import sys

LINE = re.compile(r'(\S+ \S+) UTC \[\d+\] LOG:  (checkpoint starting|checkpoint complete'
                  r'|automatic (?:vacuum|analyze) of table "[^"]+")')


def events(paths):
    found = []
    for n, path in enumerate(paths, 1):
        for line in open(path):
            m = LINE.match(line)
            if m:
                at = datetime.datetime.strptime(m.group(1), '%Y-%m-%d %H:%M:%S.%f')
                at = at.replace(tzinfo=datetime.timezone.utc).timestamp()
                what = re.sub(r' of table "(?:[^".]+\.)*([^"]+)"', r' \1', m.group(2))
                found.append((at, f'pg-{n}: {what}'))
    return sorted(found)


def main():
    results, logs = sys.argv[1], sys.argv[2:]
    happened = events(logs)
    for phase in json.load(open(results))['measurements']:
        if not phase['load'].endswith('%'):
            continue
        print(f"== {phase['system']} {phase['mix']} {phase['load']}: {phase['committedPerSecond']:.0f}/s, "
              f"p50 {phase['p50Ms']:.0f} ms, p99 {phase['p99Ms']:.0f} ms")
        for s in phase['timeline']:
            end = s['endEpochMs'] / 1000
            near = '; '.join(what for at, what in happened if end - 1 < at <= end)
            clock = datetime.datetime.fromtimestamp(end, datetime.timezone.utc).strftime('%H:%M:%S')
            print(f"  {s['second']:2d} {clock} answered {s['answered']:6d} p50 {s['p50Ms']:6.1f} "
                  f"p99 {s['p99Ms']:6.1f} in flight {s['inFlight']:5d}  {near}")


if __name__ == '__main__':
    main()
