package io.github.cameliotanalytics.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's {@code --pin} option: the sender JVM (this one) on core {@value #SENDER_CORE}, the emulator process on
 * core {@value #EMULATOR_CORE}, with {@code taskset}, so that neither takes CPU from the other and each case is
 * measured on the same core. The sender pins all of its threads at once ({@code taskset -a -p}) before it builds
 * anything, and the threads started after inherit it; the JVM's own start-up sizing (its GC and compiler threads) saw
 * every core, everything created later (Netty, Camel's and the SDK's pools) sees one.
 */
final class Pinning {

    static final int SENDER_CORE = 0;
    static final int EMULATOR_CORE = 1;

    private Pinning() {
    }

    /**
     * Pins this JVM to {@link #SENDER_CORE}; fails with a clear message where {@code taskset} is missing, the machine
     * has fewer than two cores, or the pinning did not take.
     */
    static void pinThisJvm() {
        if (MachineCpu.CORES < 2) {
            throw new IllegalStateException("--pin needs two cores, this machine has " + MachineCpu.CORES);
        }
        run(List.of(taskset(), "-a", "-p", "-c", Integer.toString(SENDER_CORE), Long.toString(ProcessHandle.current().pid())));
        String allowed = allowedCpus();
        if (!allowed.equals(Integer.toString(SENDER_CORE))) {
            throw new IllegalStateException("--pin: taskset ran, but this JVM may still run on cores " + allowed);
        }
    }

    /** The command prefix that starts a process on {@link #EMULATOR_CORE}. */
    static List<String> emulatorPrefix() {
        return List.of(taskset(), "-c", Integer.toString(EMULATOR_CORE));
    }

    /** How a run was placed, for the printed options and the summary. */
    static String describe(boolean pinned) {
        return pinned ? "pinned (taskset): sender JVM on core " + SENDER_CORE + ", emulator on core " + EMULATOR_CORE
                : "not pinned: the sender JVM and the emulator share all " + MachineCpu.CORES + " cores";
    }

    /** The cores this process may run on, as /proc/self/status lists them. */
    static String allowedCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring("Cpus_allowed_list:".length()).trim();
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static String taskset() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, "taskset");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("--pin needs taskset (util-linux), which is not on the PATH");
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("--pin: " + String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("--pin: " + String.join(" ", command) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("--pin interrupted", e);
        }
    }
}
