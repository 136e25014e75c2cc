package io.github.cameliotanalytics.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import io.github.cameliotanalytics.emulator.StoredMessage;

/**
 * The emulator in a process of its own, for the benchmarks and the soak run: its heap, its GC and its threads stay out
 * of the measured JVM. It is driven by one-line commands on standard input and answers each with one line on standard
 * output ({@code OK ...} or {@code ERR ...}); see {@link EmulatorControl}, which starts it.
 * <p>
 * Arguments: {@code --max-messages-per-channel N} and {@code --seed N}.
 */
public final class EmulatorProcess {

    private EmulatorProcess() {
    }

    public static void main(String[] args) throws IOException {
        IoTAnalyticsEmulator.Builder builder = IoTAnalyticsEmulator.builder().port(0);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--max-messages-per-channel" -> builder.maxMessagesPerChannel(Integer.parseInt(args[i + 1]));
                case "--seed" -> builder.seed(Long.parseLong(args[i + 1]));
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        IoTAnalyticsEmulator emulator = builder.build().start();
        System.out.println("READY " + emulator.endpoint());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String answer;
            try {
                answer = "OK " + execute(emulator, line.trim().split(" "));
            } catch (RuntimeException | IOException e) {
                answer = "ERR " + e;
            }
            System.out.println(answer);
            System.out.flush();
            if (line.equals("quit")) {
                break;
            }
        }
        emulator.stop();
        System.exit(0);
    }

    private static String execute(IoTAnalyticsEmulator emulator, String[] command) throws IOException {
        switch (command[0]) {
            case "create" -> emulator.createChannel(command[1]);
            case "reset" -> {
                emulator.reset();
                System.gc();
            }
            case "faults" -> emulator.faults()
                    .throttleRate(Double.parseDouble(command[1]))
                    .serviceUnavailableRate(Double.parseDouble(command[2]))
                    .internalFailureRate(Double.parseDouble(command[3]))
                    .dropConnectionRate(Double.parseDouble(command[4]))
                    .entryFailureRate(Double.parseDouble(command[5]));
            case "nofaults" -> emulator.faults().reset();
            case "latency" -> emulator.faults().latency(java.time.Duration.ofMillis(Long.parseLong(command[1])));
            case "stats" -> {
                long answered = emulator.stats().batchSizeHistogram().values().stream().mapToLong(Long::longValue).sum();
                return emulator.stats().batchCalls() + " " + emulator.stats().messagesAccepted() + " "
                       + emulator.stats().messagesRejected() + " " + answered;
            }
            case "verify" -> {
                return verify(emulator.messages(command[1]));
            }
            case "counts" -> {
                return counts(emulator.messages(command[1]), command[2], Integer.parseInt(command[3]),
                        Path.of(command[4]));
            }
            case "quit" -> {
                return "bye";
            }
            default -> throw new IllegalArgumentException("Unknown command " + command[0]);
        }
        return "done";
    }

    /** Stored count, distinct messageIds and the checksum of the distinct ids. */
    private static String verify(List<StoredMessage> messages) {
        Set<String> distinct = new HashSet<>(messages.size() * 2);
        long checksum = 0;
        for (StoredMessage message : messages) {
            if (distinct.add(message.messageId())) {
                checksum += Ids.hash(message.messageId());
            }
        }
        return messages.size() + " " + distinct.size() + " " + checksum;
    }

    /**
     * Writes, for each i in [0, n), how many stored messages have the id {@code prefix + i} (one byte, at most 127) to
     * {@code file}; answers the stored count and the number of stored messages with any other id.
     */
    private static String counts(List<StoredMessage> messages, String prefix, int n, Path file) throws IOException {
        byte[] counts = new byte[n];
        long unknown = 0;
        for (StoredMessage message : messages) {
            String id = message.messageId();
            int index = -1;
            if (id.startsWith(prefix)) {
                try {
                    index = Integer.parseInt(id, prefix.length(), id.length(), 10);
                } catch (NumberFormatException notOurs) {
                    index = -1;
                }
            }
            if (index >= 0 && index < n) {
                if (counts[index] < 127) {
                    counts[index]++;
                }
            } else {
                unknown++;
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(counts);
        }
        return messages.size() + " " + unknown;
    }
}
