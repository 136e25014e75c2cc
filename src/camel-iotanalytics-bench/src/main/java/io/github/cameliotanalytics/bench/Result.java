package io.github.cameliotanalytics.bench;

import java.util.Locale;

/**
 * One measured run of one case of the end-to-end benchmark.
 *
 * @param kind        the case: ceiling, component, aggregator, camel-floor, per-message or lowload
 * @param latencyMs   the latency the emulator added to each call
 * @param concurrency the ceiling's concurrent calls, the component's maxInFlightBatches, the aggregator's threads
 * @param callCost    the threads and heap per call in flight (component runs only), else null
 * @param tasks       the sender JVM's context switches and GC CPU over the run ({@link TaskCounters})
 */
record Result(String kind, long latencyMs, int concurrency, String name, int round, long messages, double seconds,
              long failed, double p50Ms, double p99Ms, double p999Ms, double senderCpu, double emulatorCpu,
              double otherCpu, double jitMicros, double retainedMb, double peakHeapMb, double[] liveMbByFifth, long gcs,
              long gcMillis, String storeCheck, boolean storeOk, double meanCallMs, CallCost.Peak callCost,
              TaskCounters.Totals tasks) {

    double rate() {
        return messages / seconds;
    }

    /** CPU time of both processes per message, in microseconds: what the run cost, whatever else ran. */
    double cpuMicrosPerMessage() {
        return (senderCpu + emulatorCpu) * MachineCpu.CORES * seconds * 1e6 / messages;
    }

    double senderMicrosPerMessage() {
        return senderCpu * MachineCpu.CORES * seconds * 1e6 / messages;
    }

    /** CPU time of the sender JVM's garbage collector threads per message, in microseconds. */
    double gcMicrosPerMessage() {
        return tasks.gcCpuNanos() / 1e3 / messages;
    }

    /**
     * The sender JVM's context switches, voluntary and involuntary, per 100 messages: per call for a case that sends
     * full 100-message batches, and on the same scale for those that make no call (the floors).
     */
    double switchesPerCall() {
        return (tasks.voluntary() + tasks.involuntary()) * 100.0 / messages;
    }

    double voluntaryPerCall() {
        return tasks.voluntary() * 100.0 / messages;
    }

    double involuntaryPerCall() {
        return tasks.involuntary() * 100.0 / messages;
    }

    static String header() {
        return "case | round | messages | s | msg/s | failed | p50 ms | p99 ms | p99.9 ms | sender CPU | emulator CPU"
               + " | other CPU | CPU us/msg (sender+emulator) | retained MB after full GC | peak heap MB | live MB by fifth"
               + " | GCs (ms) | GC CPU us/msg | context switches per 100 msgs (voluntary+involuntary) | mean call ms"
               + " | store check";
    }

    String row() {
        return String.format(Locale.ROOT, "%s | %s | %d | %.2f | %,.0f | %d | %.1f | %.1f | %.1f | %.0f%% | %.0f%% | %.0f%%"
                                          + " | %.1f+%.1f | %+.1f | %.0f | %s | %d (%d) | %.2f | %.1f+%.1f%s | %.2f | %s%s%s",
                name, round == 0 ? "warm-up" : round, messages, seconds, rate(), failed, p50Ms, p99Ms, p999Ms,
                senderCpu * 100, emulatorCpu * 100, otherCpu * 100, senderMicrosPerMessage(),
                cpuMicrosPerMessage() - senderMicrosPerMessage(), retainedMb, peakHeapMb, fifths(liveMbByFifth), gcs,
                gcMillis, gcMicrosPerMessage(), voluntaryPerCall(), involuntaryPerCall(),
                tasks.ended() > 0 ? " (" + tasks.ended() + " threads ended)" : "", meanCallMs, storeCheck,
                storeOk ? "" : "  <-- CHECK FAILED", callCost == null ? "" : " | " + callCost);
    }

    static String fifths(double[] fifths) {
        StringBuilder text = new StringBuilder();
        for (double mb : fifths) {
            text.append(text.length() == 0 ? "" : " / ").append(mb < 0 ? "-" : String.format(Locale.ROOT, "%.0f", mb));
        }
        return text.toString();
    }
}
