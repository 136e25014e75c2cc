package io.github.cameliotanalytics.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** Opens spools for the tests and keeps the threads they make, to check that none is left. */
final class SpoolFixture {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final String CHANNEL = "telemetry_channel";

    final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ThreadFactory factory = task -> {
        Thread thread = new Thread(task, "spool-writer-test");
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    };

    Spool open(Path directory, long maxBytes, long segmentBytes, SpoolFullStrategy strategy) throws IOException {
        return Spool.open(new SpoolSettings(directory, maxBytes, segmentBytes, strategy, true), CLOCK, factory);
    }

    Spool open(Path directory) throws IOException {
        return open(directory, 1L << 30, 1L << 20, SpoolFullStrategy.reject);
    }

    /** Without forcing: for the tests that open many spools, on a disk where each force may take tens of ms. */
    Spool openWithoutForce(Path directory) throws IOException {
        return Spool.open(new SpoolSettings(directory, 1L << 30, 1L << 20, SpoolFullStrategy.reject, false), CLOCK,
                factory);
    }

    /** A 40-character messageId, as the component makes them. */
    static String messageId(int number) {
        return String.format("msg-%036d", number);
    }

    static byte[] payload(int number, int size) {
        byte[] payload = new byte[size];
        byte[] label = ("{\"n\":" + number + "}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) {
            payload[i] = i < label.length ? label[i] : (byte) ('a' + (number + i) % 26);
        }
        return payload;
    }

    /** The size of the record of {@link #CHANNEL}, {@link #messageId} and a payload of {@code payloadSize} bytes. */
    static int recordSize(int payloadSize) {
        return RecordFormat.HEADER_BYTES + RecordFormat.FIXED_BODY_BYTES + CHANNEL.length() + 40 + payloadSize;
    }

    static CompletableFuture<Long> append(Spool spool, int number, int payloadSize) {
        CompletableFuture<Long> outcome = new CompletableFuture<>();
        spool.append(CHANNEL, messageId(number), null, payload(number, payloadSize), callback(outcome));
        return outcome;
    }

    static long appendAndWait(Spool spool, int number, int payloadSize) throws Exception {
        return append(spool, number, payloadSize).get(30, TimeUnit.SECONDS);
    }

    static AppendCallback callback(CompletableFuture<Long> outcome) {
        return new AppendCallback() {
            @Override
            public void appended(long sequence) {
                outcome.complete(sequence);
            }

            @Override
            public void failed(Throwable cause) {
                outcome.completeExceptionally(cause);
            }
        };
    }

    /**
     * Reads, 7 at a time, all that is written already (the appends whose callbacks ran, the records found when the
     * spool opened), without waiting.
     */
    static List<SpoolRecord> readAll(Spool spool) throws Exception {
        List<SpoolRecord> all = new ArrayList<>();
        while (true) {
            List<SpoolRecord> records = spool.read(7, 0);
            if (records.isEmpty()) {
                return all;
            }
            all.addAll(records);
        }
    }
}
