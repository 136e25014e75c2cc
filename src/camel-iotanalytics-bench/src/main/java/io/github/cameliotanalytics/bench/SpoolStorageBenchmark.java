package io.github.cameliotanalytics.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.squareup.tape2.QueueFile;
import io.github.cameliotanalytics.spool.AppendCallback;
import io.github.cameliotanalytics.spool.Spool;
import io.github.cameliotanalytics.spool.SpoolFullStrategy;
import io.github.cameliotanalytics.spool.SpoolRecord;
import io.github.cameliotanalytics.spool.SpoolSettings;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The measurement behind the spool's storage (docs: store and forward): the same job on each candidate store, one
 * after the other in a fresh directory. Appenders ({@code --threads}, 16) each keep up to {@code --window} (32) records
 * of 200 bytes and a 40-character messageId in flight for {@code --seconds} (5); a record counts once it is forced to
 * the device: by the candidate's own group commit where it has one (the spool: one force per group; MVStore: one
 * commit and sync per group, by a committer thread), else per record (Tape's QueueFile forces every add). Then
 * everything is read back and freed, one more second of appends is left in the store, the store is closed, the last 100
 * bytes of its newest file are cut off (a torn write), and the store is opened again: what it reads, or how it fails,
 * is printed.
 *
 * <p>
 * Prints one line a candidate: records/s appended and forced, process CPU microseconds per record over the append
 * phase, read-back rate, and the torn-write outcome. {@code --only spool|mvstore|tape} runs one. Chronicle Queue is
 * not among the candidates: on Java 17 it needs {@code --add-opens}/{@code --add-exports} flags from its users, and it
 * tries to send usage analytics to an outside host unless told not to.
 */
public final class SpoolStorageBenchmark {

    private static final String CHANNEL = "telemetry_channel";
    private static final int PAYLOAD_BYTES = 200;

    private SpoolStorageBenchmark() {
    }

    /** One store under test. */
    private interface Candidate extends AutoCloseable {

        /** Appends a record; runs {@code durable} once it is forced (on any thread). */
        void append(String messageId, byte[] payload, Runnable durable) throws Exception;

        /** Reads every record stored and frees them; returns how many. */
        long readAndFree() throws Exception;

        /** Reads every record stored without freeing; returns how many. */
        long count() throws Exception;
    }

    private interface Opener {
        Candidate open(Path directory) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = 5;
        int threads = 16;
        int window = 32;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf("%d appending threads, %d records in flight each, %d s each; %d cores%n", threads, window,
                seconds, Runtime.getRuntime().availableProcessors());
        List<String> names = List.of("spool", "mvstore", "tape");
        for (String name : names) {
            if (only == null || only.equals(name)) {
                run(name, opener(name), seconds, threads, window);
            }
        }
    }

    private static Opener opener(String name) {
        return switch (name) {
            case "spool" -> SpoolCandidate::new;
            case "mvstore" -> MVStoreCandidate::new;
            case "tape" -> TapeCandidate::new;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static void run(String name, Opener opener, int seconds, int threads, int window) throws Exception {
        Path directory = Files.createTempDirectory("spool-storage-" + name);
        try {
            long appended;
            double perSecond;
            double cpuMicros;
            double readPerSecond;
            long stored;
            try (Candidate candidate = opener.open(directory)) {
                long cpuBefore = processCpuNanos();
                long start = System.nanoTime();
                appended = appendFor(candidate, seconds, threads, window);
                long elapsed = System.nanoTime() - start;
                long cpu = processCpuNanos() - cpuBefore;
                perSecond = appended * 1e9 / elapsed;
                cpuMicros = cpu / 1e3 / Math.max(1, appended);
                long readStart = System.nanoTime();
                long read = candidate.readAndFree();
                readPerSecond = read * 1e9 / (System.nanoTime() - readStart);
                if (read != appended) {
                    System.out.printf("  %s: %d appended but %d read back%n", name, appended, read);
                }
                // leave records in the store for the torn-write check
                stored = appendFor(candidate, 1, 4, 4);
            }
            String torn = tornWrite(opener, directory, stored);
            System.out.printf(Locale.ROOT, "%-10s appended+forced %9.0f rec/s  cpu %7.1f us/rec  read+free %9.0f rec/s"
                    + "  torn write: %s%n", name, perSecond, cpuMicros, readPerSecond, torn);
        } catch (Throwable e) {
            System.out.printf("%-10s failed: %s%n", name, e);
        } finally {
            deleteTree(directory);
        }
    }

    private static long appendFor(Candidate candidate, int seconds, int threads, int window) throws Exception {
        AtomicLong appended = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                Semaphore inFlight = new Semaphore(window);
                byte[] payload = payload(thread);
                long n = 0;
                while (System.nanoTime() - deadline < 0) {
                    inFlight.acquire();
                    String id = String.format("%02d-%037d", thread, n++);
                    candidate.append(id, payload, () -> {
                        appended.incrementAndGet();
                        inFlight.release();
                    });
                }
                inFlight.acquire(window);
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        return appended.get();
    }

    /** Cuts the newest file of the closed candidate by 100 bytes and opens it again. */
    private static String tornWrite(Opener opener, Path directory, long stored) {
        try {
            Path newest;
            try (Stream<Path> files = Files.walk(directory)) {
                newest = files.filter(Files::isRegularFile).filter(file -> sizeOf(file) > 100)
                        .max(Comparator.comparing(SpoolStorageBenchmark::modified)).orElseThrow();
            }
            long before = Files.size(newest);
            try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw")) {
                file.setLength(before - 100);
            }
            try (Candidate reopened = opener.open(directory)) {
                return "cut " + newest.getFileName() + " (" + before + " bytes) by 100 bytes: reopened, "
                        + reopened.count() + " of the " + stored + " records stored are readable";
            }
        } catch (Throwable e) {
            return "reopen failed: " + e;
        }
    }

    private static byte[] payload(int seed) {
        byte[] payload = new byte[PAYLOAD_BYTES];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + (seed + i) % 26);
        }
        return payload;
    }

    /** channel, messageId and payload in one byte array, for the stores that keep opaque entries. */
    private static byte[] entry(String messageId, byte[] payload) {
        byte[] head = (CHANNEL + "|" + messageId + "|").getBytes(StandardCharsets.UTF_8);
        byte[] entry = new byte[head.length + payload.length];
        System.arraycopy(head, 0, entry, 0, head.length);
        System.arraycopy(payload, 0, entry, head.length, payload.length);
        return entry;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The component's spool: one writer thread, one force per group. */
    private static final class SpoolCandidate implements Candidate {
        private final Spool spool;

        SpoolCandidate(Path directory) throws IOException {
            spool = Spool.open(new SpoolSettings(directory, 1L << 32, 64L << 20, SpoolFullStrategy.reject, true),
                    Clock.systemUTC(), task -> new Thread(task, "spool-writer"));
        }

        @Override
        public void append(String messageId, byte[] payload, Runnable durable) {
            spool.append(CHANNEL, messageId, null, payload, new AppendCallback() {
                @Override
                public void appended(long sequence) {
                    durable.run();
                }

                @Override
                public void failed(Throwable cause) {
                    throw new IllegalStateException(cause);
                }
            });
        }

        @Override
        public long readAndFree() throws Exception {
            long read = 0;
            List<SpoolRecord> records;
            while (!(records = spool.read(1000, 0)).isEmpty()) {
                for (SpoolRecord record : records) {
                    spool.acknowledge(record.sequence());
                }
                read += records.size();
            }
            return read;
        }

        @Override
        public long count() throws Exception {
            long read = 0;
            List<SpoolRecord> records;
            while (!(records = spool.read(1000, 0)).isEmpty()) {
                read += records.size();
            }
            return read;
        }

        @Override
        public void close() throws IOException {
            spool.close();
        }
    }

    /** H2's MVStore: a map by sequence; a committer thread commits and syncs what accumulated, as a group. */
    private static final class MVStoreCandidate implements Candidate {
        private final MVStore store;
        private final MVMap<Long, byte[]> map;
        private final AtomicLong sequence = new AtomicLong();
        private final LinkedBlockingQueue<Runnable> waiting = new LinkedBlockingQueue<>();
        private final Thread committer;

        MVStoreCandidate(Path directory) {
            store = new MVStore.Builder().fileName(directory.resolve("spool.mv").toString()).autoCommitDisabled()
                    .open();
            map = store.openMap("records");
            sequence.set(map.isEmpty() ? 0 : map.lastKey());
            committer = new Thread(this::commitGroups, "mvstore-committer");
            committer.start();
        }

        @Override
        public void append(String messageId, byte[] payload, Runnable durable) {
            map.put(sequence.incrementAndGet(), entry(messageId, payload));
            waiting.add(durable);
        }

        private void commitGroups() {
            List<Runnable> group = new ArrayList<>();
            try {
                while (true) {
                    group.add(waiting.take());
                    waiting.drainTo(group);
                    store.commit();
                    store.sync();
                    group.forEach(Runnable::run);
                    group.clear();
                }
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public long readAndFree() {
            long read = 0;
            Long key;
            while ((key = map.firstKey()) != null) {
                map.get(key);
                map.remove(key);
                read++;
            }
            store.commit();
            store.sync();
            return read;
        }

        @Override
        public long count() {
            long read = 0;
            for (Long key : map.keySet()) {
                map.get(key);
                read++;
            }
            return read;
        }

        @Override
        public void close() throws InterruptedException {
            committer.interrupt();
            committer.join();
            store.close();
        }
    }

    /** Tape's QueueFile: each add writes and forces (twice: the element, then the header); one writer at a time. */
    private static final class TapeCandidate implements Candidate {
        private final QueueFile queue;

        TapeCandidate(Path directory) throws IOException {
            queue = new QueueFile.Builder(directory.resolve("queue").toFile()).build();
        }

        @Override
        public void append(String messageId, byte[] payload, Runnable durable) throws IOException {
            synchronized (queue) {
                queue.add(entry(messageId, payload));
            }
            durable.run();
        }

        @Override
        public long readAndFree() throws IOException {
            synchronized (queue) {
                long read = 0;
                while (!queue.isEmpty()) {
                    int batch = 0;
                    for (byte[] ignored : queue) {
                        if (++batch == 1000) {
                            break;
                        }
                    }
                    queue.remove(batch);
                    read += batch;
                }
                return read;
            }
        }

        @Override
        public long count() {
            synchronized (queue) {
                long read = 0;
                for (byte[] ignored : queue) {
                    read++;
                }
                return read;
            }
        }

        @Override
        public void close() throws IOException {
            queue.close();
        }
    }
}
