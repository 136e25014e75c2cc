package io.github.cameliotanalytics.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The soak's quota run: a fixed number of exchanges with known messageIds through {@code iotanalytics:} (its default
 * options) to a channel whose quota the emulator enforces, and nothing else going wrong. Every exchange must get exactly
 * one outcome and succeed (a throttled call is retried within {@code deliveryTimeout}), and every one must be stored
 * exactly once: the emulator's data file ({@code --data-dir}, flushed when it stops) is read back message by message.
 * It lasts about {@code messages / quota} seconds.
 */
final class SoakQuotaRun {

    static final String CHANNEL = "soak_quota";
    static final String PREFIX = "q-";
    private static final String ID_FIELD = "{\"messageId\":\"";

    private SoakQuotaRun() {
    }

    /** Runs it and prints what it found; true when it passed or could not run (said so), false when it failed. */
    static boolean run(int run, int messages, int quota, int senders) throws Exception {
        System.out.printf("%nrun %d: %,d exchanges to a channel with a quota of %,d messages per second, no other fault%n",
                run, messages, quota);
        Path dataDir = Files.createTempDirectory("soak-quota");
        try {
            QuotaEmulator emulator;
            try {
                emulator = QuotaEmulator.start("-Xmx2g", CHANNEL, quota, 0, 0, messages + 10_000, dataDir);
            } catch (IllegalStateException e) {
                System.out.println("  run " + run + ": SKIPPED, the emulator cannot enforce a quota: " + e.getMessage());
                return true;
            }
            byte[] outcomes = new byte[messages];
            QuotaSender.Figures figures;
            String emulatorCount;
            try (emulator) {
                try (QuotaSender sender = new QuotaSender(emulator.endpoint(), CHANNEL, "")) {
                    figures = sender.sendCount(senders, messages, PREFIX, outcomes);
                }
                emulatorCount = emulatorCount(emulator);
            }
            return check(run, messages, quota, figures, outcomes, dataDir.resolve(CHANNEL + ".jsonl"), emulatorCount);
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String emulatorCount(QuotaEmulator emulator) throws InterruptedException {
        try {
            QuotaEmulator.ChannelStats stats = emulator.stats(CHANNEL);
            return String.format("%,d calls, %,d throttled by the quota, %,d messages stored", stats.calls(),
                    stats.throttledCalls(), stats.messagesAccepted());
        } catch (IOException e) {
            return "stats not read (" + e.getMessage() + ")";
        }
    }

    private static boolean check(int run, int messages, int quota, QuotaSender.Figures figures, byte[] outcomes,
                                 Path file, String emulatorCount) throws IOException {
        byte[] stored = new byte[messages];
        long unknown = 0;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                int index = indexOf(line);
                if (index >= 0 && index < messages) {
                    stored[index] = (byte) Math.min(127, stored[index] + 1);
                } else {
                    unknown++;
                }
            }
        }
        long succeededAbsent = 0;
        long storedFailed = 0;
        long duplicates = 0;
        for (int i = 0; i < messages; i++) {
            if (outcomes[i] == 1 && stored[i] == 0) {
                succeededAbsent++;
            }
            if (outcomes[i] == 2 && stored[i] > 0) {
                storedFailed++;
            }
            duplicates += Math.max(0, stored[i] - 1);
        }
        System.out.printf("  %.1f s, %,.0f msg/s = %.2f x quota; %,d calls, %,d throttled (%.1f %%) seen by the sender;"
                          + " emulator: %s%n", figures.windowSeconds(), figures.rate(), figures.rate() / quota,
                figures.calls(), figures.throttled(), figures.throttledPercent(), emulatorCount);
        System.out.printf("  exchanges %,d: succeeded %,d, failed %,d%s, hung %,d, completed twice %,d%n", messages,
                figures.succeeded(), figures.failed(), figures.failures().isEmpty() ? "" : " (" + figures.failures() + ")",
                figures.hung(), figures.twice());
        System.out.printf("  succeeded but absent from store %,d; stored but reported failed %,d; duplicates %,d;"
                          + " other ids %,d%n", succeededAbsent, storedFailed, duplicates, unknown);
        boolean ok = figures.sent() == messages && figures.nothingLost() && succeededAbsent == 0 && storedFailed == 0
                     && duplicates == 0 && unknown == 0;
        System.out.println("  run " + run + (ok ? ": OK" : ": FAILED"));
        return ok;
    }

    /** The index of a data-file line's messageId {@code q-<i>}, or -1. */
    private static int indexOf(String line) {
        int from = line.indexOf(ID_FIELD);
        if (from < 0) {
            return -1;
        }
        from += ID_FIELD.length();
        int to = line.indexOf('"', from);
        if (to < 0 || !line.startsWith(PREFIX, from)) {
            return -1;
        }
        try {
            return Integer.parseInt(line, from + PREFIX.length(), to, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
