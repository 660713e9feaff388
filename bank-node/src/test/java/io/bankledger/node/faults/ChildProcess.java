package io.bankledger.node.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the harness started (a node or the broker), with its output appended to one log file
 * across restarts. Kill is {@code kill -9} (no shutdown hook runs), pause is SIGSTOP.
 */
class ChildProcess {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private Process process;
    private boolean paused;
    private long logOffsetAtStart;
    private int starts;

    ChildProcess(String name, List<String> command, Map<String, String> environment, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        starts++;
        Files.writeString(logFile, "\n===== " + Instant.now() + " harness starts " + name + " (start #" + starts
                + ") =====\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        logOffsetAtStart = Files.size(logFile);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        paused = false;
    }

    /** kill -9; returns once the process is gone. */
    synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        if (paused) {
            ChildJvm.signal(process.pid(), "CONT");  // a stopped process dies of SIGKILL too, but be plain
            paused = false;
        }
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived kill -9");
        }
        note("harness killed " + name + " (kill -9)");
    }

    synchronized void pause() {
        requireAlive();
        ChildJvm.signal(process.pid(), "STOP");
        paused = true;
        note("harness paused " + name + " (SIGSTOP)");
    }

    synchronized void resume() {
        requireAlive();
        ChildJvm.signal(process.pid(), "CONT");
        paused = false;
        note("harness resumed " + name + " (SIGCONT)");
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized boolean paused() {
        return paused;
    }

    /** The exit status of a process that ended, or null while it runs (or never ran). */
    synchronized Integer exitValue() {
        return process == null || process.isAlive() ? null : process.exitValue();
    }

    synchronized long pid() {
        requireAlive();
        return process.pid();
    }

    /** What the current incarnation has written so far. */
    String outputSinceStart() throws IOException {
        byte[] all = Files.readAllBytes(logFile);
        long offset;
        synchronized (this) {
            offset = logOffsetAtStart;
        }
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }

    Path logFile() {
        return logFile;
    }

    String name() {
        return name;
    }

    private void note(String line) {
        try {
            Files.writeString(logFile, "\n===== " + Instant.now() + " " + line + " =====\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // A missing marker in a log is not worth failing a run for.
        }
    }

    private void requireAlive() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
    }
}
