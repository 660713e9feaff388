package io.bankledger.node.faults;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * How the harness starts a JVM of its own class path (a node, the broker) and signals a process.
 * Children get small heaps and the quick JIT: the whole cluster shares two cores in CI.
 */
final class ChildJvm {

    static final List<String> SMALL_JVM = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Djava.net.preferIPv4Stack=true");

    private static String classPath;

    private ChildJvm() {
    }

    static List<String> command(List<String> jvmOptions, String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /**
     * The test JVM's class path. Surefire may start tests from a manifest-only jar whose
     * Class-Path lists the real entries; children get those entries, since the booter jar is
     * deleted when the test JVM ends and a child may outlive a failed test by a moment.
     */
    static synchronized String classPath() {
        if (classPath == null) {
            String own = System.getProperty("java.class.path");
            String[] entries = own.split(File.pathSeparator);
            if (entries.length == 1 && entries[0].endsWith(".jar") && entries[0].contains("surefire")) {
                classPath = fromManifest(Path.of(entries[0]));
            } else {
                classPath = own;
            }
        }
        return classPath;
    }

    private static String fromManifest(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String listed = manifest.getMainAttributes().getValue("Class-Path");
            List<String> paths = new ArrayList<>();
            for (String entry : listed.trim().split("\\s+")) {
                URI uri = jar.toUri().resolve(entry);
                paths.add(Path.of(uri).toString());
            }
            return String.join(File.pathSeparator, paths);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the class path from " + jar, e);
        }
    }

    /** Sends {@code signal} (STOP, CONT, KILL) to {@code pid}; fails if kill(1) does. */
    static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
