"""What the three servers of one benchmark run spent on maintenance, from their own logs.

Usage: python3 maintenance_from_logs.py RUN [RUN ...]   (RUN: a prefix here, such as base-d1)

For each run: the WAL the servers wrote (the distances of their completed checkpoints; the one at
shutdown excluded), and per table the automatic vacuums and analyzes the logs report, with their
CPU, WAL and full-page images, summed over the three servers. A server logs an autovacuum or
autoanalyze only when it lasts at least log_autovacuum_min_duration: 0 in the "-d" runs, so they
show every one, and 1 s in the others.
"""
import collections
import glob
import gzip
import re
import sys


def entries(path):
    with gzip.open(path, "rt") as log:
        return re.split(r"\n(?=\d{4}-\d\d-\d\d )", log.read())


def main():
    for run in sys.argv[1:]:
        wal_gb = []
        tables = collections.defaultdict(lambda: [0, 0.0, 0.0, 0])
        for path in sorted(glob.glob(run + "-postgres-*.log.gz")):
            distance_kb = 0
            for entry in entries(path):
                checkpoint = re.search(r"checkpoint complete:.*?distance=(\d+) kB", entry)
                if checkpoint and "shutdown" not in entry:
                    distance_kb += int(checkpoint.group(1))
                work = re.search(r'automatic (vacuum|analyze) of table "[^.]+\.([^"]+)"', entry)
                if not work:
                    continue
                row = tables[(work.group(1), work.group(2))]
                row[0] += 1
                cpu = re.search(r"user: ([\d.]+) s, system: ([\d.]+) s", entry)
                if cpu:
                    row[1] += float(cpu.group(1)) + float(cpu.group(2))
                wal = re.search(r"(\d+) full page images, (\d+) bytes", entry)
                if wal:
                    row[2] += int(wal.group(2)) / 1e6
                    row[3] += int(wal.group(1))
            wal_gb.append(distance_kb / 1e6)
        print(f"== {run}: WAL per server {', '.join(f'{gb:.2f}' for gb in wal_gb)} GB")
        total_cpu = 0.0
        for (kind, table), (count, cpu, wal_mb, images) in sorted(tables.items()):
            if cpu >= 0.05 or wal_mb >= 10:
                print(f"  {kind:7} {table:30} {count:4d} times, CPU {cpu:6.2f} s, WAL {wal_mb:7.1f} MB, {images} full pages")
            total_cpu += cpu
        print(f"  every logged autovacuum and autoanalyze: CPU {total_cpu:.1f} s")


if __name__ == "__main__":
    main()
