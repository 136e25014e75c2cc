package io.github.cameliotanalytics.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The heap of this JVM during one measured run: the peak of each heap pool (MemoryPoolMXBean peak usage, reset at the
 * start) and the heap left after each collection (GC notifications), tagged with the progress of the run, which shows
 * whether the live heap stays flat while messages flow.
 */
final class HeapWatch implements AutoCloseable {

    /** Heap used after one collection, and how far the run was then. */
    record AfterGc(long progress, long usedBytes) {
    }

    private final List<AfterGc> afterGc = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener;
    private final long gcCountAtStart;
    private final long gcTimeAtStart;

    HeapWatch(LongSupplier progress) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        gcCountAtStart = gcCount();
        gcTimeAtStart = gcTime();
        listener = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info
                    = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                used += pool.getValue().getUsed();
            }
            synchronized (afterGc) {
                afterGc.add(new AfterGc(progress.getAsLong(), used));
            }
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    /** The heap used right after a full collection, in bytes: what is really retained. */
    static long usedAfterFullGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The sum of the heap pools' peaks since this watch started, in bytes. */
    long peakBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    long collections() {
        return gcCount() - gcCountAtStart;
    }

    long gcMillis() {
        return gcTime() - gcTimeAtStart;
    }

    /**
     * The largest heap left after a collection in each fifth of the run (progress from 0 to {@code total}), in MB;
     * -1 for a fifth without a collection.
     */
    double[] liveMbByFifth(long total) {
        double[] fifths = { -1, -1, -1, -1, -1 };
        synchronized (afterGc) {
            for (AfterGc sample : afterGc) {
                int fifth = (int) Math.min(4, sample.progress() * 5 / Math.max(1, total));
                fifths[fifth] = Math.max(fifths[fifth], sample.usedBytes() / 1048576.0);
            }
        }
        return fifths;
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
                // gone already
            }
        }
    }

    private static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static long gcTime() {
        long time = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            time += Math.max(0, gc.getCollectionTime());
        }
        return time;
    }
}
