package io.github.cameliotanalytics.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cameliotanalytics.emulator.EmulatorMain;

/**
 * The standalone emulator ({@link EmulatorMain}, its command line) in a process of its own, for the quota scenarios:
 * a channel's quota, random throttling and added latency are options of its command line, and its statistics are read
 * over HTTP. Every name of that interface (the options, the stats path and the fields of its JSON) is a constant here.
 */
final class QuotaEmulator implements AutoCloseable {

    /** Messages per second per channel, a token bucket holding one second's worth; 429 ThrottlingException beyond. */
    static final String QUOTA_OPTION = "--channel-quota";
    /** Share of BatchPutMessage calls answered 429 ThrottlingException at random. */
    static final String THROTTLE_RATE_OPTION = "--throttle-rate";
    static final String LATENCY_OPTION = "--latency-ms";
    static final String CHANNEL_OPTION = "--channel";
    static final String PORT_OPTION = "--port";
    static final String MAX_MESSAGES_OPTION = "--max-messages-per-channel";
    static final String DATA_DIR_OPTION = "--data-dir";
    /** The exit status of the emulator for an option it does not know. */
    static final int BAD_OPTION_STATUS = 2;

    /** {@code GET} answers the statistics as JSON, unsigned. */
    static final String STATS_PATH = "/_emulator/stats";
    /** The object of per-channel statistics, by channel name. */
    static final String CHANNELS_FIELD = "channels";
    /** A channel's BatchPutMessage calls, answered 200 or throttled by its quota. */
    static final String CALLS_FIELD = "calls";
    /** A channel's calls answered 429 because its quota was used up. */
    static final String THROTTLED_FIELD = "throttledCalls";
    /** A channel's messages stored. */
    static final String ACCEPTED_FIELD = "messagesAccepted";
    /** The calls answered with an injected fault, by fault (THROTTLE for the random throttling). */
    static final String INJECTED_FAULTS_FIELD = "injectedFaults";

    /** What the emulator counted for one channel; {@code randomThrottles} is for the whole emulator. */
    record ChannelStats(long calls, long throttledCalls, long messagesAccepted, long randomThrottles) {
    }

    private final Process process;
    private final String endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private QuotaEmulator(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts the emulator with one channel and the given options.
     *
     * @param quota        messages per second of the channel, 0 for none
     * @param throttleRate the share of calls throttled at random, 0 for none
     * @param dataDir      where the emulator appends the stored messages, or null
     * @throws IllegalStateException when the emulator does not know an option (a quota before the emulator has one)
     */
    static QuotaEmulator start(String heap, String channel, int quota, double throttleRate, long latencyMs,
                               int maxMessagesPerChannel, Path dataDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, heap, "-XX:+UseG1GC",
                "-Dsun.net.httpserver.maxIdleConnections=" + EmulatorControl.MAX_IDLE_CONNECTIONS,
                "-cp", System.getProperty("java.class.path"), EmulatorMain.class.getName(),
                PORT_OPTION, "0", CHANNEL_OPTION, channel, MAX_MESSAGES_OPTION, Integer.toString(maxMessagesPerChannel)));
        if (quota > 0) {
            command.addAll(List.of(QUOTA_OPTION, Integer.toString(quota)));
        }
        if (throttleRate > 0) {
            command.addAll(List.of(THROTTLE_RATE_OPTION, Double.toString(throttleRate)));
        }
        if (latencyMs > 0) {
            command.addAll(List.of(LATENCY_OPTION, Long.toString(latencyMs)));
        }
        if (dataDir != null) {
            command.addAll(List.of(DATA_DIR_OPTION, dataDir.toString()));
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(EmulatorMain.LISTENING)) {
            // the emulator prints nothing else before it listens
        }
        if (line == null) {
            int status = waitForExit(process);
            throw new IllegalStateException(status == BAD_OPTION_STATUS
                    ? "The emulator refused its options (exit status 2; see its message above): " + command.subList(
                            command.indexOf(EmulatorMain.class.getName()) + 1, command.size())
                    : "The emulator process did not start (exit status " + status + ")");
        }
        // its standard output is not read any more: nothing else is printed until it stops
        return new QuotaEmulator(process, line.substring(EmulatorMain.LISTENING.length()).trim());
    }

    String endpoint() {
        return endpoint;
    }

    /** The emulator's statistics of {@code channel}; fails when its stats path does not answer them. */
    ChannelStats stats(String channel) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint + STATS_PATH)).GET()
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + STATS_PATH + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode root = json.readTree(response.body());
        JsonNode of = root.path(CHANNELS_FIELD).path(channel);
        if (of.isMissingNode()) {
            throw new IOException("GET " + STATS_PATH + " has no " + CHANNELS_FIELD + "." + channel + ": " + response.body());
        }
        return new ChannelStats(of.path(CALLS_FIELD).asLong(), of.path(THROTTLED_FIELD).asLong(),
                of.path(ACCEPTED_FIELD).asLong(), root.path(INJECTED_FAULTS_FIELD).path("THROTTLE").asLong());
    }

    /** CPU time the emulator process used so far. */
    Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Stops the emulator (SIGTERM: it flushes its data files first) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        if (waitForExit(process) < 0) {
            process.destroyForcibly();
        }
    }

    private static int waitForExit(Process process) {
        try {
            return process.waitFor(20, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
