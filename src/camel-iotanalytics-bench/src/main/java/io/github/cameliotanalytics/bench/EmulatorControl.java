package io.github.cameliotanalytics.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link EmulatorProcess} in a JVM of its own (same classpath, its own heap) and sends it commands.
 */
final class EmulatorControl implements AutoCloseable {

    /** Keep-alive connections the emulator keeps open while idle: more than any case of the benchmarks opens. */
    static final int MAX_IDLE_CONNECTIONS = 4096;

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final String endpoint;
    private long latencyMs;

    private EmulatorControl(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroy();
            throw new IOException("The emulator process did not start: " + ready);
        }
        this.endpoint = ready.substring("READY ".length());
    }

    /** Starts the emulator process with the given heap and channel capacity. */
    static EmulatorControl start(String heap, int maxMessagesPerChannel, long seed) throws IOException {
        return start(List.of(), heap, maxMessagesPerChannel, seed, List.of());
    }

    /**
     * Starts the emulator process behind {@code prefix} (a command such as {@code taskset -c 1}, or none), with the
     * given heap and channel capacity, and {@code extraArgs} for {@link EmulatorProcess}.
     */
    static EmulatorControl start(List<String> prefix, String heap, int maxMessagesPerChannel, long seed,
                                 List<String> extraArgs) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the JDK's HTTP server closes keep-alive connections past 200 idle ones, which clients of many concurrent
        // calls (the ceiling's sweep) would meet as broken pipes
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(java, heap, "-XX:+UseG1GC",
                "-Dsun.net.httpserver.maxIdleConnections=" + MAX_IDLE_CONNECTIONS,
                "-cp", System.getProperty("java.class.path"), EmulatorProcess.class.getName(),
                "--max-messages-per-channel", Integer.toString(maxMessagesPerChannel), "--seed", Long.toString(seed)));
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new EmulatorControl(process);
    }

    String endpoint() {
        return endpoint;
    }

    /** CPU time the emulator process used so far. */
    Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    long pid() {
        return process.pid();
    }

    synchronized String command(String line) throws IOException {
        in.println(line);
        String answer = out.readLine();
        if (answer == null || !answer.startsWith("OK")) {
            throw new IOException("Emulator command '" + line + "' failed: " + answer);
        }
        return answer.substring(2).trim();
    }

    /** Deletes every channel and message, clears faults and stats, then creates {@code channel}. */
    void resetWithChannel(String channel) throws IOException {
        command("reset");
        command("create " + channel);
        if (latencyMs > 0) {
            command("latency " + latencyMs);
        }
    }

    /** A latency added to every BatchPutMessage call from the next reset on (a network that is not loopback). */
    void latency(long millis) {
        this.latencyMs = millis;
    }

    /** Stored messages of a channel: {count, distinct ids, checksum of the distinct ids}. */
    long[] verify(String channel) throws IOException {
        String[] parts = command("verify " + channel).split(" ");
        return new long[] { Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]) };
    }

    /** Emulator stats: {batchCalls, messagesAccepted, messagesRejected, calls answered 200}. */
    long[] stats() throws IOException {
        String[] parts = command("stats").split(" ");
        return new long[] { Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
            Long.parseLong(parts[3]) };
    }

    /** For each i in [0, n): how many times {@code prefix + i} is stored; {@code unknown[0]} gets the others. */
    byte[] counts(String channel, String prefix, int n, long[] unknown) throws IOException {
        Path file = Files.createTempFile("emulator-counts", ".bin");
        try {
            String[] parts = command("counts " + channel + " " + prefix + " " + n + " " + file).split(" ");
            unknown[0] = Long.parseLong(parts[1]);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void close() {
        try {
            command("quit");
        } catch (IOException | RuntimeException e) {
            // stopping anyway
        }
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
