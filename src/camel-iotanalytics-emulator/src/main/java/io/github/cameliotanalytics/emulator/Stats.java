package io.github.cameliotanalytics.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;


/** What the emulator counted about BatchPutMessage calls since it started or was last reset. */
public final class Stats {

    /** How many batch sizes {@link #batchSizes()} keeps; {@link #batchSizeHistogram()} counts them all. */
    public static final int MAX_LISTED_BATCH_SIZES = 1 << 20;

    private final LongAdder batchCalls = new LongAdder();
    private final LongAdder messagesAccepted = new LongAdder();
    private final LongAdder messagesRejected = new LongAdder();
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

    /** Sets every count back to zero. */
    public synchronized void reset() {
        batchCalls.reset();
        messagesAccepted.reset();
        messagesRejected.reset();
        for (int size = 0; size < callsBySize.length(); size++) {
            callsBySize.set(size, 0);
        }
        sizes = new int[1024];
        sizeCount = 0;
    }

    void recordCall() {
        batchCalls.increment();
    }

    /** Records a call answered 200 with its numbers of accepted and rejected messages. */
    void recordAnswered(int accepted, int rejected) {
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
}
