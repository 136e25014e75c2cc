package io.github.cameliotanalytics.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the emulator counted about BatchPutMessage calls since it started or was last reset, in total and per channel.
 * Each count is read on its own: counts read while calls go on need not add up to one instant.
 */
public final class Stats {

    /** How many batch sizes {@link #batchSizes()} keeps; {@link #batchSizeHistogram()} counts them all. */
    public static final int MAX_LISTED_BATCH_SIZES = 1 << 20;

    private final LongAdder batchCalls = new LongAdder();
    private final LongAdder messagesAccepted = new LongAdder();
    private final LongAdder messagesRejected = new LongAdder();
    private final LongAdder throttledCalls = new LongAdder();
    private final AtomicLongArray faultedCalls = new AtomicLongArray(Fault.values().length);
    private final ConcurrentHashMap<String, ChannelCounters> channels = new ConcurrentHashMap<>();
    private final AtomicLongArray callsBySize = new AtomicLongArray(PayloadRules.MAX_MESSAGES_PER_BATCH + 1);
    private int[] sizes = new int[1024];
    private int sizeCount;

    Stats() {
    }

    /**
     * BatchPutMessage calls received (after authentication), whatever their outcome: answered 200, rejected as a
     * whole, or faulted.
     */
    public long batchCalls() {
        return batchCalls.sum();
    }

    /**
     * The number of messages in each BatchPutMessage call answered 200, in the order the answers were made (the first
     * {@value #MAX_LISTED_BATCH_SIZES} calls since the last reset).
     */
    public synchronized List<Integer> batchSizes() {
        List<Integer> list = new ArrayList<>(sizeCount);
        for (int i = 0; i < sizeCount; i++) {
            list.add(sizes[i]);
        }
        return list;
    }

    /** Number of BatchPutMessage calls answered 200, by their number of messages (sizes with no call left out). */
    public SortedMap<Integer, Long> batchSizeHistogram() {
        SortedMap<Integer, Long> histogram = new TreeMap<>();
        for (int size = 0; size < callsBySize.length(); size++) {
            long calls = callsBySize.get(size);
            if (calls > 0) {
                histogram.put(size, calls);
            }
        }
        return histogram;
    }

    /** Messages stored. */
    public long messagesAccepted() {
        return messagesAccepted.sum();
    }

    /**
     * Messages listed in {@code batchPutMessageErrorEntries} (invalid or failed by an injected fault); messages of calls
     * rejected as a whole are not counted.
     */
    public long messagesRejected() {
        return messagesRejected.sum();
    }

    /** BatchPutMessage calls answered 429 ThrottlingException because the channel's quota was used up. */
    public long throttledCalls() {
        return throttledCalls.sum();
    }

    /**
     * BatchPutMessage calls hit by an injected fault (rates or script), by fault; {@link Fault#OK} is not listed, and
     * faults no call met are listed with 0.
     */
    public Map<Fault, Long> injectedFaults() {
        Map<Fault, Long> faults = new EnumMap<>(Fault.class);
        for (Fault fault : Fault.values()) {
            if (fault != Fault.OK) {
                faults.put(fault, faultedCalls.get(fault.ordinal()));
            }
        }
        return faults;
    }

    /** The counts of each channel that a BatchPutMessage call reached (the channel existed), by channel name. */
    public SortedMap<String, ChannelStats> byChannel() {
        SortedMap<String, ChannelStats> snapshot = new TreeMap<>();
        channels.forEach((name, counters) -> snapshot.put(name, counters.snapshot()));
        return snapshot;
    }

    /**
     * One line for a person: calls, messages accepted and refused, calls throttled by a channel quota, calls hit by an
     * injected fault.
     */
    public String summary() {
        long faulted = injectedFaults().values().stream().mapToLong(Long::longValue).sum();
        return "BatchPutMessage calls: " + batchCalls() + ", messages accepted: " + messagesAccepted()
               + ", messages refused: " + messagesRejected() + ", calls throttled by a channel quota: "
               + throttledCalls() + ", calls with an injected fault: " + faulted;
    }

    /** Sets every count back to zero. */
    public synchronized void reset() {
        batchCalls.reset();
        messagesAccepted.reset();
        messagesRejected.reset();
        throttledCalls.reset();
        for (int fault = 0; fault < faultedCalls.length(); fault++) {
            faultedCalls.set(fault, 0);
        }
        channels.clear();
        for (int size = 0; size < callsBySize.length(); size++) {
            callsBySize.set(size, 0);
        }
        sizes = new int[1024];
        sizeCount = 0;
    }

    void recordCall() {
        batchCalls.increment();
    }

    void recordFault(Fault fault) {
        faultedCalls.incrementAndGet(fault.ordinal());
    }

    void recordThrottled(String channel) {
        throttledCalls.increment();
        countersOf(channel).throttledCalls.increment();
    }

    /** Records a call answered 200 with its numbers of accepted and rejected messages. */
    void recordAnswered(String channel, int accepted, int rejected) {
        ChannelCounters counters = countersOf(channel);
        counters.answeredCalls.increment();
        counters.messagesAccepted.add(accepted);
        counters.messagesRejected.add(rejected);
        messagesAccepted.add(accepted);
        messagesRejected.add(rejected);
        int size = accepted + rejected;
        callsBySize.incrementAndGet(size);
        synchronized (this) {
            if (sizeCount < MAX_LISTED_BATCH_SIZES) {
                if (sizeCount == sizes.length) {
                    sizes = Arrays.copyOf(sizes, sizes.length * 2);
                }
                sizes[sizeCount++] = size;
            }
        }
    }

    private ChannelCounters countersOf(String channel) {
        return channels.computeIfAbsent(channel, name -> new ChannelCounters());
    }

    /** The counts of one channel; updated by the worker threads, read by anyone. */
    private static final class ChannelCounters {
        final LongAdder answeredCalls = new LongAdder();
        final LongAdder throttledCalls = new LongAdder();
        final LongAdder messagesAccepted = new LongAdder();
        final LongAdder messagesRejected = new LongAdder();

        ChannelStats snapshot() {
            long throttled = throttledCalls.sum();
            return new ChannelStats(answeredCalls.sum() + throttled, messagesAccepted.sum(), messagesRejected.sum(),
                    throttled);
        }
    }

    /**
     * The counts of one channel.
     *
     * @param calls            BatchPutMessage calls to it answered 200 or throttled by its quota
     * @param messagesAccepted messages stored in it
     * @param messagesRejected messages listed in {@code batchPutMessageErrorEntries}
     * @param throttledCalls   calls answered 429 because its quota was used up
     */
    public record ChannelStats(long calls, long messagesAccepted, long messagesRejected, long throttledCalls) {
    }
}
