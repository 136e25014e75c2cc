package io.github.cameliotanalytics.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import io.github.cameliotanalytics.SpoolStatus;

/**
 * The outage run of store and forward (issue #25, docs/reliability.md): {@code --devices} threads send readings (each
 * with its device id and a sequence number of its own) through {@code iotanalytics:} with {@code spoolDirectory}:
 * <ol>
 * <li>flat out for {@code --normal-seconds} with the emulator up: the component's normal throughput, as messages
 * delivered (forwarded) per second over the last two thirds of the phase;</li>
 * <li>at {@code --outage-rate} messages per second in all: a few seconds with the emulator up, then the emulator process
 * is stopped for {@code --outage-seconds} while the devices go on (their exchanges complete as spooled);</li>
 * <li>the devices stop, the emulator starts again on the same port, and the run waits until the spool is empty: the
 * drain rate is the messages forwarded per second from the restart to the empty spool.</li>
 * </ol>
 * The emulator writes what it stores to its data directory ({@code --data-dir}), which outlives its stop; the run then
 * compares every exchange's outcome with what the emulator stored: every message whose exchange completed as spooled
 * must be stored (duplicates are counted), and the per-device order in the stored order is reported as inversions (a
 * message stored, for the first time, after a later one of the same device). Each device's id is its messages' order
 * key ({@code CamelIoTAnalyticsOrderKey}), so there must be none; with {@code --order-keys false} the messages have no
 * key, and the inversions are only reported.
 * <p>
 * Options: {@code --devices N} (20), {@code --normal-seconds N} (30), {@code --outage-seconds N} (600),
 * {@code --outage-rate N} (1000 messages per second, all devices), {@code --window N} (exchanges in flight per device,
 * 100), {@code --drain-timeout-seconds N} (1800), {@code --uri-options a=1&b=2} (more endpoint options, e.g.
 * {@code spoolFsync=false}), {@code --order-keys true|false} (true).
 */
public final class SpoolOutageRun {

    static final String CHANNEL = "spool_outage";
    /** The drain rate's target against the normal throughput (issue #25). */
    static final double TARGET_DRAIN_RATIO = 0.8;
    /** The paced phase before the stop: the flat-out phase's backlog drains meanwhile. */
    private static final long SETTLE_SECONDS = 5;
    /** How often the outage prints the spool's figures. */
    private static final long PROGRESS_SECONDS = 60;

    private enum Phase { FLAT_OUT, PACED, STOPPED }

    private final Device[] devices;
    private final LongAdder sent = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder spooled = new LongAdder();
    private final Map<String, LongAdder> failuresByCode = new ConcurrentHashMap<>();
    private final long pacedIntervalNanos;
    private final boolean orderKeys;
    private volatile Phase phase = Phase.FLAT_OUT;

    private SpoolOutageRun(int devices, int window, int outageRate, boolean orderKeys) {
        this.orderKeys = orderKeys;
        this.devices = new Device[devices];
        for (int d = 0; d < devices; d++) {
            this.devices[d] = new Device(d, window);
        }
        this.pacedIntervalNanos = TimeUnit.SECONDS.toNanos(devices) / Math.max(1, outageRate);
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int deviceCount = 20;
        int normalSeconds = 30;
        int outageSeconds = 600;
        int outageRate = 1000;
        int window = 100;
        int drainTimeoutSeconds = 1800;
        String uriOptions = "";
        boolean orderKeys = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--devices" -> deviceCount = Integer.parseInt(value);
                case "--normal-seconds" -> normalSeconds = Integer.parseInt(value);
                case "--outage-seconds" -> outageSeconds = Integer.parseInt(value);
                case "--outage-rate" -> outageRate = Integer.parseInt(value);
                case "--window" -> window = Integer.parseInt(value);
                case "--drain-timeout-seconds" -> drainTimeoutSeconds = Integer.parseInt(value);
                case "--uri-options" -> uriOptions = value;
                case "--order-keys" -> orderKeys = Boolean.parseBoolean(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        System.out.printf("spool-outage: %d devices, %d s flat out, then %d msg/s with the emulator stopped for %d s;"
                          + " window %d per device; %s; endpoint options [%s]%n", deviceCount, normalSeconds,
                outageRate, outageSeconds, window, orderKeys ? "each device's id is its order key" : "no order keys",
                uriOptions);
        Path work = Files.createTempDirectory("spool-outage");
        boolean ok;
        try {
            ok = new SpoolOutageRun(deviceCount, window, outageRate, orderKeys).run(work, normalSeconds, outageSeconds,
                    drainTimeoutSeconds, uriOptions);
        } finally {
            SpoolRig.delete(work);
        }
        System.out.println(ok ? "PASSED" : "FAILED");
        System.exit(ok ? 0 : 1);
    }

    private boolean run(Path work, int normalSeconds, int outageSeconds, int drainTimeoutSeconds, String uriOptions)
            throws Exception {
        JournalingEmulator emulator = JournalingEmulator.start(work.resolve("emulator"), List.of(CHANNEL));
        SpoolRig rig = SpoolRig.start(emulator.endpoint(), CHANNEL, work.resolve("spool"), uriOptions);
        List<Thread> threads = new ArrayList<>();
        for (Device device : devices) {
            Thread thread = new Thread(() -> device.send(rig), "device-" + device.name);
            threads.add(thread);
            thread.start();
        }

        // 1. flat out with the emulator up: the normal throughput, after a third of the phase for the warm-up
        Thread.sleep(TimeUnit.SECONDS.toMillis(normalSeconds) / 3);
        long normalBegin = System.nanoTime();
        long forwardedBegin = rig.status().forwardedMessages();
        long spooledBegin = spooled.sum();
        Thread.sleep(TimeUnit.SECONDS.toMillis(normalSeconds) * 2 / 3);
        double normalSecondsMeasured = (System.nanoTime() - normalBegin) / 1e9;
        double normalRate = (rig.status().forwardedMessages() - forwardedBegin) / normalSecondsMeasured;
        double normalSpooledRate = (spooled.sum() - spooledBegin) / normalSecondsMeasured;
        System.out.printf("  normal: %,.0f msg/s forwarded, %,.0f msg/s spooled; %s%n", normalRate, normalSpooledRate,
                SpoolRig.describe(rig.status()));

        // 2. paced, then the emulator stops while the devices go on
        phase = Phase.PACED;
        Thread.sleep(TimeUnit.SECONDS.toMillis(SETTLE_SECONDS));
        emulator.stop();
        long spooledAtStop = spooled.sum();
        long failedAtStop = failures();
        System.out.printf("  emulator stopped; %s%n", SpoolRig.describe(rig.status()));
        long outageEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(outageSeconds);
        long left;
        while ((left = outageEnd - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.SECONDS.toNanos(PROGRESS_SECONDS)));
            if (outageEnd - System.nanoTime() > 0) {
                System.out.printf("  outage, %d s left: %s%n",
                        TimeUnit.NANOSECONDS.toSeconds(outageEnd - System.nanoTime()), SpoolRig.describe(rig.status()));
            }
        }
        phase = Phase.STOPPED;
        for (Thread thread : threads) {
            thread.join();
        }
        long completionDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (completed.sum() < sent.sum() && System.nanoTime() - completionDeadline < 0) {
            Thread.sleep(10);
        }
        long spooledInOutage = spooled.sum() - spooledAtStop;
        long failedInOutage = failures() - failedAtStop;
        long backlog = rig.status().spool().records();

        // 3. the emulator comes back on the same port: the spool drains
        emulator = emulator.restart();
        long restart = System.nanoTime();
        long forwardedAtRestart = rig.status().forwardedMessages();
        long firstDelivery = -1;
        long deadline = restart + TimeUnit.SECONDS.toNanos(drainTimeoutSeconds);
        SpoolStatus status = rig.status();
        while (!SpoolRig.isEmpty(status) && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
            status = rig.status();
            if (firstDelivery < 0 && status.forwardedMessages() > forwardedAtRestart) {
                firstDelivery = System.nanoTime();
            }
        }
        long empty = System.nanoTime();
        boolean drained = SpoolRig.isEmpty(status);
        long drainedMessages = status.forwardedMessages() - forwardedAtRestart;
        double drainSeconds = (empty - restart) / 1e9;
        double drainRate = drainedMessages / drainSeconds;
        double firstDeliverySeconds = firstDelivery < 0 ? Double.NaN : (firstDelivery - restart) / 1e9;
        double rateFromFirst = firstDelivery < 0 ? 0 : drainedMessages / ((empty - firstDelivery) / 1e9);
        System.out.printf("  after the restart: %s%n", SpoolRig.describe(status));
        rig.close();
        emulator.stop();

        Check check = check(EmulatorJournal.read(emulator.dataDirectory(), CHANNEL));
        // no normal throughput (nothing forwarded before the outage) is no ratio
        double ratio = normalRate > 0 ? drainRate / normalRate : 0;
        boolean ok = drained && check.lost == 0 && check.hung == 0 && check.unknown == 0 && failures() == 0
                     && status.deadLetters() == 0 && status.spool().droppedRecords() == 0
                     && ratio >= TARGET_DRAIN_RATIO && (!orderKeys || check.inversions == 0);
        System.out.printf("spool-outage: %d devices (%s); normal %,.0f msg/s forwarded (%,.0f msg/s spooled); outage"
                          + " %d s: %,d spooled, %,d failed; backlog %,d at restart; %s in %.1f s (first delivery after"
                          + " %.1f s): %,.0f msg/s from restart to empty = %.2f x normal (target >= %.1f), %,.0f msg/s"
                          + " from the first delivery; %,d spooled in all, %,d lost, %,d duplicates, %,d per-device"
                          + " inversions (stored order; largest lag %,d sequence numbers), %,d exchanges failed %s, %,d"
                          + " without outcome, %,d stored ids unknown, %,d stored although failed; dead letters %,d,"
                          + " dropped %,d (stored messages read from the emulator's data directory)%n",
                devices.length, orderKeys ? "order keys" : "no order keys", normalRate, normalSpooledRate,
                outageSeconds, spooledInOutage, failedInOutage, backlog, drained ? "drained" : "NOT drained",
                drainSeconds, firstDeliverySeconds, drainRate, ratio, TARGET_DRAIN_RATIO, rateFromFirst, spooled.sum(),
                check.lost, check.duplicates, check.inversions, check.largestLag, failures(), counts(failuresByCode),
                check.hung, check.unknown, check.storedFailed, status.deadLetters(), status.spool().droppedRecords());
        return ok;
    }

    /** What the emulator stored against what each exchange's outcome said. */
    private record Check(long lost, long duplicates, long inversions, long largestLag, long hung, long unknown,
            long storedFailed) {
    }

    private Check check(EmulatorJournal journal) {
        Map<String, Integer> copies = journal.copies();
        long lost = 0;
        long duplicates = 0;
        long hung = 0;
        long storedFailed = 0;
        long known = 0;
        for (Device device : devices) {
            for (int seq = 0; seq < device.next; seq++) {
                String id = device.messageId(seq);
                int stored = copies.getOrDefault(id, 0);
                if (stored > 0) {
                    known++;
                    duplicates += stored - 1;
                }
                if (device.spooled(seq)) {
                    if (stored == 0) {
                        lost++;
                    }
                } else if (device.failed(seq)) {
                    if (stored > 0) {
                        storedFailed++;
                    }
                } else {
                    hung++;
                }
            }
        }
        long unknown = copies.size() - known;
        // inversions: a message stored, for the first time, after a later message of the same device
        long inversions = 0;
        long largestLag = 0;
        int[] highest = new int[devices.length];
        Arrays.fill(highest, -1);
        BitSet[] seen = new BitSet[devices.length];
        for (int d = 0; d < devices.length; d++) {
            seen[d] = new BitSet();
        }
        for (String id : journal.messageIds()) {
            int dash = id.indexOf('-');
            if (!id.startsWith("d") || dash < 0) {
                continue;
            }
            int d = Integer.parseInt(id, 1, dash, 10);
            int seq = Integer.parseInt(id, dash + 1, id.length(), 10);
            if (d >= devices.length || seen[d].get(seq)) {
                continue;
            }
            seen[d].set(seq);
            if (seq < highest[d]) {
                inversions++;
                largestLag = Math.max(largestLag, highest[d] - seq);
            }
            highest[d] = Math.max(highest[d], seq);
        }
        return new Check(lost, duplicates, inversions, largestLag, hung, unknown, storedFailed);
    }

    private long failures() {
        return failuresByCode.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static String counts(Map<String, LongAdder> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue().sum()).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * One device: its thread sends readings numbered from 0; the outcome of each is recorded on the thread that
     * completes its exchange.
     */
    private final class Device {

        final String name;
        private final Semaphore window;
        /** The next sequence number; written by the device's thread, read after it ended. */
        int next;
        /** Guarded by this. */
        private final BitSet spooledSeqs = new BitSet();
        private final BitSet failedSeqs = new BitSet();

        Device(int index, int window) {
            this.name = String.format(Locale.ROOT, "d%02d", index);
            this.window = new Semaphore(window);
        }

        String messageId(int seq) {
            return name + "-" + seq;
        }

        void send(SpoolRig rig) {
            long due = 0;
            Phase current;
            while ((current = phase) != Phase.STOPPED) {
                if (current == Phase.PACED) {
                    due = due == 0 ? System.nanoTime() : due + pacedIntervalNanos;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (phase == Phase.STOPPED) {
                        return;
                    }
                }
                window.acquireUninterruptibly();
                int seq = next++;
                sent.increment();
                rig.send(messageId(seq), orderKeys ? name : null, reading(seq), exchange -> {
                    record(seq, SpoolRig.errorCode(exchange));
                    completed.increment();
                    window.release();
                });
            }
        }

        private String reading(int seq) {
            return String.format(Locale.ROOT, "{\"device\":\"%s\",\"seq\":%d,\"ts\":%d,\"temperature\":%.2f,"
                                              + "\"humidity\":%.1f,\"status\":\"OK\"}",
                    name, seq, System.currentTimeMillis(), 15 + (seq % 1500) / 100.0, 30 + (seq % 400) / 10.0);
        }

        private synchronized void record(int seq, String errorCode) {
            if (errorCode == null) {
                spooledSeqs.set(seq);
                spooled.increment();
            } else {
                failedSeqs.set(seq);
                failuresByCode.computeIfAbsent(errorCode, k -> new LongAdder()).increment();
            }
        }

        synchronized boolean spooled(int seq) {
            return spooledSeqs.get(seq);
        }

        synchronized boolean failed(int seq) {
            return failedSeqs.get(seq);
        }
    }
}
