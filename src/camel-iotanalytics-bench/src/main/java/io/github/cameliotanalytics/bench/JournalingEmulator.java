package io.github.cameliotanalytics.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.cameliotanalytics.emulator.EmulatorMain;

/**
 * The emulator's own program ({@link EmulatorMain}) in a process of its own, for the store-and-forward runs: it
 * appends every message it accepts to {@code <data directory>/<channel>.jsonl} ({@code --data-dir}), so that what it
 * stored survives its stop, and it can be stopped (SIGTERM: it flushes its files) and started again on the same port,
 * as a service that goes away and comes back. {@link EmulatorJournal} reads the files back.
 */
final class JournalingEmulator implements AutoCloseable {

    /** Attempts to listen on the same port again, should another process hold it for a moment. */
    private static final int RESTART_ATTEMPTS = 20;

    private final Path dataDirectory;
    private final List<String> channels;
    private final Process process;
    private final URI endpoint;

    private JournalingEmulator(Path dataDirectory, List<String> channels, Process process, URI endpoint) {
        this.dataDirectory = dataDirectory;
        this.channels = channels;
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts the emulator on a free loopback port, with {@code channels} created and its data files in {@code dataDirectory}. */
    static JournalingEmulator start(Path dataDirectory, List<String> channels) throws IOException {
        return startOn(0, dataDirectory, channels);
    }

    private static JournalingEmulator startOn(int port, Path dataDirectory, List<String> channels) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseG1GC",
                "-cp", System.getProperty("java.class.path"), EmulatorMain.class.getName(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDirectory.toString(),
                // the data files hold every message; memory holds only the last few
                "--max-messages-per-channel", "1000"));
        for (String channel : channels) {
            command.add("--channel");
            command.add(channel);
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // not left behind when the run ends early (an exception, System.exit)
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "emulator-reaper"));
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(EmulatorMain.LISTENING)) {
                return new JournalingEmulator(dataDirectory, channels, process,
                        URI.create(line.substring(EmulatorMain.LISTENING.length()).trim()));
            }
        }
        process.destroyForcibly();
        throw new IOException("The emulator did not start on port " + port + " (exit "
                              + waitFor(process) + ")");
    }

    URI endpoint() {
        return endpoint;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Stops the emulator as SIGTERM does (it stops listening and flushes its data files) and waits for its process to
     * end.
     */
    void stop() throws IOException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        int exit = waitFor(process);
        // 143: the JVM's status after SIGTERM, once its shutdown hook (the flush) has run
        if (exit != 143 && exit != 0) {
            throw new IOException("The emulator ended with " + exit + " at its stop: its data files may be incomplete");
        }
    }

    /** Starts the emulator again on the same port, with the same channels and data directory (appended to). */
    JournalingEmulator restart() throws IOException, InterruptedException {
        stop();
        IOException last = null;
        for (int attempt = 0; attempt < RESTART_ATTEMPTS; attempt++) {
            try {
                return startOn(endpoint.getPort(), dataDirectory, channels);
            } catch (IOException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw last;
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return process.waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
