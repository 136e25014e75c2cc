package io.github.cameliotanalytics.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Wall time, the CPU of both processes, this JVM's heap, its context switches and its garbage collector's CPU during
 * one run.
 */
final class Measure {

    private final EmulatorControl emulator;
    private final HeapWatch heap;
    private final long heapBefore;
    private final long total;
    private long beginNanos;
    private long endNanos;
    private long cpuBegin;
    private long cpuEnd;
    private long emulatorCpuBegin;
    private long emulatorCpuEnd;
    private Map<String, Long> threadsBegin;
    private Map<String, Long> threadsEnd;
    private Map<String, Long> javaThreadsBegin;
    private Map<String, Long> javaThreadsEnd;
    private long[] machineBegin;
    private long[] machineEnd;
    private TaskCounters tasks;
    private TaskCounters.Totals taskTotals = TaskCounters.Totals.NONE;

    /** Starts watching the heap; {@code progress} counts up to {@code total} during the run. */
    Measure(EmulatorControl emulator, LongSupplier progress, long total) {
        this.emulator = emulator;
        this.total = total;
        this.heapBefore = HeapWatch.usedAfterFullGc();
        this.heap = new HeapWatch(progress);
    }

    void begin() {
        tasks = TaskCounters.start();
        cpuBegin = processCpu();
        emulatorCpuBegin = emulator.cpu().toNanos();
        machineBegin = MachineCpu.read();
        threadsBegin = ThreadCpu.read();
        javaThreadsBegin = ThreadCpu.readJavaThreads();
        beginNanos = System.nanoTime();
    }

    void end() {
        endNanos = System.nanoTime();
        cpuEnd = processCpu();
        emulatorCpuEnd = emulator.cpu().toNanos();
        machineEnd = MachineCpu.read();
        threadsEnd = ThreadCpu.read();
        javaThreadsEnd = ThreadCpu.readJavaThreads();
        taskTotals = tasks.stop();
        heap.close();
    }

    /** The result of the run; {@code latencies} (ns per exchange) may be null. */
    Result result(String kind, long latencyMs, int concurrency, String name, int round, long messages, long failed,
                  long[] latencies, String check, boolean ok, double meanCallMs, CallCost.Peak callCost) {
        double seconds = (endNanos - beginNanos) / 1e9;
        double cores = MachineCpu.CORES * (double) (endNanos - beginNanos);
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        double p999 = Double.NaN;
        if (latencies != null) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            p50 = percentile(sorted, 0.50);
            p99 = percentile(sorted, 0.99);
            p999 = percentile(sorted, 0.999);
        }
        System.out.println("  sender CPU by thread kind, us/msg: " + ThreadCpu.perMessage(threadsBegin, threadsEnd, messages));
        System.out.println("  sender CPU by Java thread, us/msg: "
                           + ThreadCpu.javaThreadsPerMessage(javaThreadsBegin, javaThreadsEnd, messages));
        // the sampler of the context switches is the benchmark's, not the sender's
        double sender = (cpuEnd - cpuBegin - taskTotals.samplerCpuNanos()) / cores;
        double emulatorShare = (emulatorCpuEnd - emulatorCpuBegin) / cores;
        double others = Math.max(0, MachineCpu.busy(machineBegin, machineEnd) - sender - emulatorShare);
        // what the run left behind (the benchmark's own array of latencies included)
        double retained = (HeapWatch.usedAfterFullGc() - heapBefore) / 1048576.0;
        return new Result(kind, latencyMs, concurrency, name, round, messages, seconds, failed, p50, p99, p999, sender,
                emulatorShare, others, ThreadCpu.perMessage(threadsBegin, threadsEnd, "jit", messages), retained,
                heap.peakBytes() / 1048576.0, heap.liveMbByFifth(total), heap.collections(), heap.gcMillis(), check, ok,
                meanCallMs, callCost, taskTotals);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
