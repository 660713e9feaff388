package io.bankledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CPU time and peak memory of a process and its children, read from Linux's /proc: what each
 * part of S and B costs. CPU is utime+stime in clock ticks (100 per second on Linux); peak memory
 * is VmHWM, the resident set's high-water mark.
 */
final class ProcessStats {

    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    /**
     * CPU seconds used so far by {@code pid} and, if {@code withChildren}, by all its descendants:
     * the live ones, and those that ended, which Linux adds to the parent that waited for them
     * (cutime, cstime). Without the ended ones, a PostgreSQL backend or autovacuum worker that
     * exits during a phase would take its CPU out of the total: the difference over the phase
     * could even shrink below what the server used.
     */
    static double cpuSeconds(long pid, boolean withChildren) {
        long total = ticks(pid, withChildren);
        if (withChildren) {
            for (long child : descendants(pid)) {
                total += ticks(child, true);
            }
        }
        return total / TICKS_PER_SECOND;
    }

    /** Peak resident memory in MiB of {@code pid} (and the sum over its descendants, if asked). */
    static double peakRssMiB(long pid, boolean withChildren) {
        double total = hwmKiB(pid) / 1024.0;
        if (withChildren) {
            for (long child : descendants(pid)) {
                total += hwmKiB(child) / 1024.0;
            }
        }
        return total;
    }

    /** utime + stime of {@code pid}, plus cutime + cstime (its ended, waited-for children) if asked. */
    private static long ticks(long pid, boolean endedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return endedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long hwmKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static List<Long> descendants(long pid) {
        List<Long> result = new ArrayList<>();
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        handle.ifPresent(h -> h.descendants().forEach(child -> result.add(child.pid())));
        return result;
    }

    static double machineCpuSeconds() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= 8 && i < cpu.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
