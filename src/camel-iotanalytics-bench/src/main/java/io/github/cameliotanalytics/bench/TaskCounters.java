package io.github.cameliotanalytics.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * This JVM's context switches (voluntary and involuntary) and its garbage collector's CPU time over one run, summed over
 * its threads from {@code /proc/self/task/<tid>/status} and {@code /proc/self/task/<tid>/schedstat} (Linux).
 * <p>
 * Why per thread: {@code /proc/self/status} gives the switches of the main thread alone (checked on this kernel: a
 * thread that slept 20,000 times left the process's figures unchanged), and Java has no call for
 * {@code getrusage(RUSAGE_SELF)}, the only source that also keeps the switches of threads that ended. A thread's entry
 * leaves {@code /proc/self/task} when it ends, so a sampler reads every thread once a second and keeps the last values
 * of those that ended: a thread that ends in a round loses at most its last second, and {@link Totals#ended} says how
 * many did. A pass over 170 threads costs about 4 ms of CPU; the sampler's own CPU and switches are left out of the
 * totals (its CPU is given by {@link Totals#samplerCpuNanos} so that the caller can take it out of the process's).
 * <p>
 * GC CPU: the JVM's {@code GarbageCollectorMXBean} collection time is wall time of the pauses, not CPU, and says
 * nothing of the concurrent threads; the kernel's per-thread run time ({@code schedstat}, nanoseconds) of the threads
 * the JVM names {@code GC Thread#n}, {@code G1 Conc#n}, {@code G1 Refine#n}, {@code G1 Main Marker},
 * {@code G1 Service} (any name that starts with {@code GC Thread} or {@code G1 }) is.
 * <p>
 * Threads: the sampler owns {@link #last} until {@link #stop} has joined it.
 */
final class TaskCounters {

    /** The sampler's name, which the kernel also shows (at most 15 characters): its own thread is left out. */
    static final String SAMPLER = "task-counters";
    private static final long SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Path TASKS = Path.of("/proc/self/task");

    /** One thread's counters at one reading. */
    private record Task(long voluntary, long involuntary, long gcNanos) {
    }

    /**
     * What the JVM's threads did between {@link #start} and {@link #stop}.
     *
     * @param voluntary       context switches where a thread gave up its core (park, wait, blocking I/O)
     * @param involuntary     context switches where the scheduler took a core from a thread that could still run
     * @param gcCpuNanos      CPU time of the garbage collector's threads
     * @param ended           threads that ended during the run (their last second of switches is not counted)
     * @param samplerCpuNanos the CPU time of the sampler itself
     */
    record Totals(long voluntary, long involuntary, long gcCpuNanos, int ended, long samplerCpuNanos) {
        static final Totals NONE = new Totals(0, 0, 0, 0, 0);
    }

    private final Map<Long, Task> begin;
    /** The last reading of every thread seen since the start; the sampler's until {@link #stop}. */
    private final Map<Long, Task> last = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long samplerCpuNanos;
    private long samplerTid = -1;

    private TaskCounters() {
        begin = read(-1);
        last.putAll(begin);
        sampler = new Thread(this::sample, SAMPLER);
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts counting: reads every thread now, then once a second until {@link #stop}. */
    static TaskCounters start() {
        return new TaskCounters();
    }

    private void sample() {
        long cpuBegin = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        samplerTid = tid();
        while (running) {
            LockSupport.parkNanos(SAMPLE_NANOS);
            if (running) {
                last.putAll(read(samplerTid));
            }
            samplerCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBegin;
        }
    }

    /** Reads every thread once more and returns the totals since the start. */
    Totals stop() {
        running = false;
        LockSupport.unpark(sampler);
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<Long, Task> end = read(samplerTid);
        long voluntary = 0;
        long involuntary = 0;
        long gc = 0;
        int ended = 0;
        Map<Long, Task> all = new HashMap<>(last);
        all.putAll(end);
        all.remove(samplerTid);
        for (Map.Entry<Long, Task> task : all.entrySet()) {
            Task before = begin.getOrDefault(task.getKey(), new Task(0, 0, 0));
            voluntary += task.getValue().voluntary() - before.voluntary();
            involuntary += task.getValue().involuntary() - before.involuntary();
            gc += task.getValue().gcNanos() - before.gcNanos();
            if (!end.containsKey(task.getKey())) {
                ended++;
            }
        }
        return new Totals(voluntary, involuntary, gc, ended, samplerCpuNanos);
    }

    /** Every live thread's counters, but {@code skip}'s; empty where /proc cannot be read. */
    private static Map<Long, Task> read(long skip) {
        Map<Long, Task> tasks = new HashMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(TASKS)) {
            for (Path task : dir) {
                long tid = Long.parseLong(task.getFileName().toString());
                if (tid == skip) {
                    continue;
                }
                try {
                    tasks.put(tid, readTask(task));
                } catch (IOException ended) {
                    // the thread ended between the listing and the reading
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return tasks;
    }

    private static Task readTask(Path task) throws IOException {
        String status = new String(Files.readAllBytes(task.resolve("status")), StandardCharsets.US_ASCII);
        String name = field(status, "Name:");
        long gcNanos = 0;
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            String schedstat = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII);
            gcNanos = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        }
        return new Task(Long.parseLong(field(status, "\nvoluntary_ctxt_switches:")),
                Long.parseLong(field(status, "\nnonvoluntary_ctxt_switches:")), gcNanos);
    }

    /** The value after {@code key} up to the end of its line, trimmed. */
    private static String field(String status, String key) {
        int from = status.indexOf(key);
        if (from < 0) {
            throw new IllegalStateException("No " + key.trim() + " in /proc/self/task/*/status");
        }
        from += key.length();
        int to = status.indexOf('\n', from);
        return status.substring(from, to < 0 ? status.length() : to).trim();
    }

    /** The calling thread's kernel id: the entry of /proc/thread-self. */
    private static long tid() {
        try {
            return Long.parseLong(Path.of("/proc/thread-self").toRealPath().getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
