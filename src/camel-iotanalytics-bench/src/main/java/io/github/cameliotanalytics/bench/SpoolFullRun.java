package io.github.cameliotanalytics.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import io.github.cameliotanalytics.SpoolStatus;
import io.github.cameliotanalytics.spool.SpoolFullStrategy;

/**
 * The full-disk run of store and forward (issue #25, docs/reliability.md): with the emulator stopped, more messages
 * than a small {@code spoolMaxBytes} holds are sent through {@code iotanalytics:} with a spool, once per
 * {@code spoolFullStrategy}; then the emulator starts again on the same port and the run waits until the spool is empty.
 * The emulator writes what it stores to its data directory; each exchange's outcome is compared with it:
 * <ul>
 * <li>{@code reject}: the exchanges past the bound fail with error code SpoolFull, none other fails, and every one that
 * completed as spooled is stored;</li>
 * <li>{@code dropOldest}: no exchange fails, some spooled messages never arrive, and no more than the spool's dropped
 * count (a dropped message the forwarder had read already is still delivered; the run also says whether those that
 * never arrive are the oldest).</li>
 * </ul>
 * Options: {@code --max-bytes N} (4 MiB), {@code --messages N} (12,000), {@code --payload-bytes N} (about 1,024),
 * {@code --senders N} (4), {@code --strategies reject,dropOldest}, {@code --uri-options a=1&b=2} (more endpoint
 * options).
 */
public final class SpoolFullRun {

    private static final byte PENDING = 0;
    private static final byte SPOOLED = 1;
    private static final byte FAILED = 2;
    private static final int WINDOW = 100;
    private static final long DRAIN_TIMEOUT_SECONDS = 600;

    private final long maxBytes;
    private final int messages;
    private final String padding;
    private final int senders;
    private final String uriOptions;

    private SpoolFullRun(long maxBytes, int messages, int payloadBytes, int senders, String uriOptions) {
        this.maxBytes = maxBytes;
        this.messages = messages;
        this.padding = "x".repeat(Math.max(0, payloadBytes - 40));
        this.senders = senders;
        this.uriOptions = uriOptions;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        long maxBytes = 4L * 1024 * 1024;
        int messages = 12_000;
        int payloadBytes = 1024;
        int senders = 4;
        List<SpoolFullStrategy> strategies = List.of(SpoolFullStrategy.reject, SpoolFullStrategy.dropOldest);
        String uriOptions = "";
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--max-bytes" -> maxBytes = Long.parseLong(value);
                case "--messages" -> messages = Integer.parseInt(value);
                case "--payload-bytes" -> payloadBytes = Integer.parseInt(value);
                case "--senders" -> senders = Integer.parseInt(value);
                case "--strategies" -> strategies = Arrays.stream(value.split(","))
                        .map(SpoolFullStrategy::valueOf).toList();
                case "--uri-options" -> uriOptions = value;
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        System.out.printf("spool-full: spoolMaxBytes %,d, %,d messages of about %,d bytes per strategy %s, %d senders,"
                          + " the emulator stopped while they are sent; endpoint options [%s]%n", maxBytes, messages,
                payloadBytes, strategies, senders, uriOptions);
        SpoolFullRun run = new SpoolFullRun(maxBytes, messages, payloadBytes, senders, uriOptions);
        Path work = Files.createTempDirectory("spool-full");
        boolean ok = true;
        try {
            List<String> channels = strategies.stream().map(SpoolFullRun::channel).toList();
            JournalingEmulator emulator = JournalingEmulator.start(work.resolve("emulator"), channels);
            emulator.stop();
            for (SpoolFullStrategy strategy : strategies) {
                Outcome outcome = run.run(emulator, work, strategy);
                emulator = outcome.emulator();
                ok &= outcome.ok();
            }
        } finally {
            SpoolRig.delete(work);
        }
        System.out.println(ok ? "PASSED" : "FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static String channel(SpoolFullStrategy strategy) {
        return "spool_full_" + strategy;
    }

    /** Whether a strategy passed, and the emulator, stopped again. */
    private record Outcome(JournalingEmulator emulator, boolean ok) {
    }

    /** One strategy, with {@code stopped} the emulator, stopped. */
    private Outcome run(JournalingEmulator stopped, Path work, SpoolFullStrategy strategy) throws Exception {
        String channel = channel(strategy);
        String options = "spoolMaxBytes=" + maxBytes + "&spoolFullStrategy=" + strategy
                         + (uriOptions.isEmpty() ? "" : "&" + uriOptions);
        byte[] outcome = new byte[messages];
        Map<String, LongAdder> failuresByCode = new ConcurrentHashMap<>();
        LongAdder completed = new LongAdder();
        SpoolStatus afterSending;
        SpoolStatus atEnd;
        boolean drained;
        JournalingEmulator emulator;
        try (SpoolRig rig = SpoolRig.start(stopped.endpoint(), channel, work.resolve("spool-" + strategy), options)) {
            AtomicInteger next = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                Semaphore window = new Semaphore(WINDOW);
                Thread sender = new Thread(() -> {
                    int index;
                    while ((index = next.getAndIncrement()) < messages) {
                        int i = index;
                        window.acquireUninterruptibly();
                        rig.send(strategy + "-" + i, "{\"seq\":" + i + ",\"pad\":\"" + padding + "\"}", exchange -> {
                            String code = SpoolRig.errorCode(exchange);
                            if (code == null) {
                                outcome[i] = SPOOLED;
                            } else {
                                outcome[i] = FAILED;
                                failuresByCode.computeIfAbsent(code, k -> new LongAdder()).increment();
                            }
                            completed.increment();
                            window.release();
                        });
                    }
                }, "full-sender-" + s);
                threads.add(sender);
                sender.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (completed.sum() < messages && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            afterSending = rig.status();
            emulator = stopped.restart();
            drained = rig.awaitEmpty(DRAIN_TIMEOUT_SECONDS);
            atEnd = rig.status();
        }
        emulator.stop();

        Map<String, Integer> copies = EmulatorJournal.read(emulator.dataDirectory(), channel).copies();
        long spooled = 0;
        long failed = 0;
        long pending = 0;
        long neverArrived = 0;
        long storedFailed = 0;
        int firstMissing = -1;
        int lastMissing = -1;
        long arrivedBeforeLastMissing = 0;
        for (int i = 0; i < messages; i++) {
            boolean stored = copies.containsKey(strategy + "-" + i);
            switch (outcome[i]) {
                case SPOOLED -> {
                    spooled++;
                    if (!stored) {
                        neverArrived++;
                        firstMissing = firstMissing < 0 ? i : firstMissing;
                        lastMissing = i;
                    }
                }
                case FAILED -> {
                    failed++;
                    if (stored) {
                        storedFailed++;
                    }
                }
                default -> pending++;
            }
        }
        for (int i = 0; i < lastMissing; i++) {
            if (outcome[i] == SPOOLED && copies.containsKey(strategy + "-" + i)) {
                arrivedBeforeLastMissing++;
            }
        }
        long stored = copies.values().stream().mapToLong(Integer::longValue).sum();
        long duplicates = stored - copies.size();
        long dropped = atEnd.spool().droppedRecords();
        boolean rejectedOnlyFull = failuresByCode.keySet().stream().allMatch("SpoolFull"::equals);
        boolean ok = drained && pending == 0 && storedFailed == 0 && atEnd.deadLetters() == 0;
        if (strategy == SpoolFullStrategy.reject) {
            ok &= failed > 0 && rejectedOnlyFull && neverArrived == 0 && dropped == 0;
        } else {
            ok &= failed == 0 && dropped > 0 && neverArrived > 0 && neverArrived <= dropped;
        }
        System.out.printf("spool-full %s: %,d sent, %,d completed spooled, %,d failed %s, %,d without outcome; after"
                          + " sending: %s; %s; %,d spooled never arrived%s, dropped %,d (%,d more than never arrived);"
                          + " %,d stored (%,d duplicates),"
                          + " %,d stored although failed: %s%n", strategy, messages, spooled, failed,
                counts(failuresByCode), pending, SpoolRig.describe(afterSending), drained ? "drained" : "NOT drained",
                neverArrived, neverArrived == 0 ? "" : String.format(Locale.ROOT,
                        " (indexes %d..%d, with %,d spooled before the last of them arrived)", firstMissing, lastMissing,
                        arrivedBeforeLastMissing), dropped, dropped - neverArrived, stored, duplicates, storedFailed,
                ok ? "OK" : "FAILED");
        return new Outcome(emulator, ok);
    }

    private static String counts(Map<String, LongAdder> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue().sum()).collect(Collectors.joining(", ", "(", ")"));
    }
}
