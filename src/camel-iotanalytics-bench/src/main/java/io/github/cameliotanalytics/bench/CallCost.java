package io.github.cameliotanalytics.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import javax.management.ListenerNotFoundException;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * What a BatchPutMessage call in flight costs the component in threads and heap, read while a component run goes on:
 * the calls in flight from the producer's JMX attribute {@code InFlightBatches} (every 50 ms), the threads that were
 * not there before the component started (less those of the other cases and of the benchmark's senders), and the heap
 * left after each collection, above the heap after a full collection before the component started. The busiest
 * moment is the one with the most calls in flight. The heap figure is an upper bound: it also holds the messages
 * waiting in the producer's buffer ({@code PendingMessages} at that moment).
 */
final class CallCost implements AutoCloseable {

    /**
     * Every 50 ms: the sampler's own CPU counts against the component's run, and at every 10 ms its JMX reads cost 0.2
     * to 1.0 µs per message of the component.
     */
    private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long THREAD_COUNT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** The JVM before the component started: its threads and its heap after a full collection. */
    record Idle(Set<Long> threadIds, long heapBytes) {
        static Idle now() {
            Set<Long> ids = new HashSet<>();
            for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) {
                ids.add(id);
            }
            return new Idle(ids, HeapWatch.usedAfterFullGc());
        }
    }

    /**
     * The busiest moment of a run, and the send window over the run: its mean and largest width, and the mean number
     * of calls in flight, from the samples; and the producer's mean batch size (over the endpoint's life).
     */
    record Peak(int inFlight, int pending, int newThreads, int allThreads, double heapAboveIdleMb, double meanWindow,
                int maxWindow, double meanInFlight, double meanBatchSize) {
        double threadsPerCall() {
            return inFlight == 0 ? Double.NaN : (double) newThreads / inFlight;
        }

        double kbPerCall() {
            return inFlight == 0 ? Double.NaN : heapAboveIdleMb * 1024 / inFlight;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "busiest: %d calls in flight, %d pending; %d threads of the component"
                                              + " (%.2f per call), %d in the JVM; heap after GC above idle %.1f MB"
                                              + " (%.0f KB per call); send window mean %.0f, largest %d; mean calls"
                                              + " in flight %.0f; %.1f messages per call", inFlight, pending, newThreads,
                    threadsPerCall(), allThreads, heapAboveIdleMb, kbPerCall(), meanWindow, maxWindow, meanInFlight,
                    meanBatchSize);
        }
    }

    private final Idle idle;
    private final Predicate<String> notTheComponents;
    private final String contextName;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::afterGc;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile int inFlightNow;
    private ObjectName producer;
    private int peakInFlight;
    private int pendingAtPeak;
    private int newThreadsAtPeak;
    private int allThreadsAtPeak;
    private long threadsCountedAt;
    /** The largest heap after a collection at the largest number of calls in flight seen by a collection. */
    private int gcInFlight = -1;
    private long gcUsed;
    private long samples;
    private long windowSum;
    private int maxWindow;
    private long inFlightSum;
    private double meanBatchSize = Double.NaN;

    /**
     * Starts watching the producer of the Camel context named {@code contextName}; threads whose name
     * {@code notTheComponents} accepts are not counted as the component's.
     */
    CallCost(Idle idle, String contextName, Predicate<String> notTheComponents) {
        this.idle = idle;
        this.contextName = contextName;
        this.notTheComponents = notTheComponents;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        sampler = new Thread(this::sample, "call-cost");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            try {
                if (producer == null) {
                    producer = findProducer();
                }
                if (producer != null) {
                    int inFlight = (Integer) mbeans.getAttribute(producer, "InFlightBatches");
                    inFlightNow = inFlight;
                    int window = (Integer) mbeans.getAttribute(producer, "SendWindow");
                    double batchSize = (Double) mbeans.getAttribute(producer, "MeanBatchSize");
                    long now = System.nanoTime();
                    synchronized (this) {
                        samples++;
                        windowSum += window;
                        maxWindow = Math.max(maxWindow, window);
                        inFlightSum += inFlight;
                        meanBatchSize = batchSize;
                        if (inFlight > peakInFlight || inFlight == peakInFlight && now - threadsCountedAt > THREAD_COUNT_NANOS) {
                            peakInFlight = inFlight;
                            pendingAtPeak = (Integer) mbeans.getAttribute(producer, "PendingMessages");
                            countThreads();
                            threadsCountedAt = now;
                        }
                    }
                }
            } catch (Exception e) {
                // the producer is not registered yet, or was just stopped: try again at the next sample
                producer = null;
            }
            LockSupport.parkNanos(SAMPLE_NANOS);
        }
    }

    private ObjectName findProducer() throws Exception {
        for (ObjectName name : mbeans.queryNames(new ObjectName("org.apache.camel:type=producers,*"), null)) {
            if (contextName.equals(name.getKeyProperty("context"))
                    && name.getKeyProperty("name").startsWith("IoTAnalyticsProducer")) {
                return name;
            }
        }
        return null;
    }

    private void countThreads() {
        int fresh = 0;
        ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds());
        for (ThreadInfo info : infos) {
            if (info != null && !idle.threadIds().contains(info.getThreadId()) && !notTheComponents.test(info.getThreadName())) {
                fresh++;
            }
        }
        newThreadsAtPeak = fresh;
        allThreadsAtPeak = infos.length;
    }

    private void afterGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            used += pool.getValue().getUsed();
        }
        int inFlight = inFlightNow;
        synchronized (this) {
            if (inFlight > gcInFlight) {
                gcInFlight = inFlight;
                gcUsed = used;
            } else if (inFlight == gcInFlight) {
                gcUsed = Math.max(gcUsed, used);
            }
        }
    }

    /** Stops watching; the busiest moment seen, or null when the producer was never found in JMX. */
    Peak stop() throws InterruptedException {
        running = false;
        sampler.join();
        close();
        synchronized (this) {
            if (threadsCountedAt == 0) {
                return null;
            }
            double heap = gcInFlight < 0 ? Double.NaN : (gcUsed - idle.heapBytes()) / 1048576.0;
            return new Peak(peakInFlight, pendingAtPeak, newThreadsAtPeak, allThreadsAtPeak, heap,
                    (double) windowSum / samples, maxWindow, (double) inFlightSum / samples, meanBatchSize);
        }
    }

    @Override
    public void close() {
        running = false;
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // removed already
            }
        }
        emitters.clear();
    }
}
