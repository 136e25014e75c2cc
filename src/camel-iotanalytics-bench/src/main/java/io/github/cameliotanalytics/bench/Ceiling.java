package io.github.cameliotanalytics.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.github.cameliotanalytics.client.IoTAnalyticsClientFactory;
import org.apache.camel.spi.UuidGenerator;
import org.apache.camel.support.DefaultUuidGenerator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;
import software.amazon.awssdk.services.iotanalytics.model.Message;

/**
 * The {@code ceiling} case: the raw SDK client, built by the component's own factory, called by as many threads as
 * there are calls in flight, with 1000 pre-built 100-message requests of the benchmark's payloads: the most the
 * emulator and the SDK can do together on this machine. {@link #sweep} finds how many concurrent calls that takes.
 */
final class Ceiling implements AutoCloseable {

    /** A sweep stops when doubling the concurrent calls gains less than this share of throughput. */
    static final double GROWTH = 0.05;

    private final Rig rig;
    private final int maxThreads;
    private final BatchPutMessageRequest[] requests = new BatchPutMessageRequest[1000];
    private final IoTAnalyticsClient client;
    private final IoTAnalyticsAsyncClient asyncClient;

    /**
     * A client with connections for up to {@code maxThreads} concurrent calls: the asynchronous one the component
     * sends with ({@code async}), or the synchronous one, called from as many threads.
     */
    Ceiling(Rig rig, int maxThreads, boolean async) {
        this.rig = rig;
        this.maxThreads = maxThreads;
        long index = 0;
        // messageIds of the same form and length as the exchange ids the component sends by default
        UuidGenerator ids = new DefaultUuidGenerator();
        for (int r = 0; r < requests.length; r++) {
            List<Message> messages = new ArrayList<>(100);
            for (int m = 0; m < 100; m++, index++) {
                messages.add(Message.builder().messageId(ids.generateExchangeUuid())
                        .payload(SdkBytes.fromByteArrayUnsafe(rig.payloads().bytes(index))).build());
            }
            requests[r] = BatchPutMessageRequest.builder().channelName(Rig.CHANNEL).messages(messages).build();
        }
        client = async ? null : IoTAnalyticsClientFactory.create(rig.configuration(maxThreads));
        asyncClient = async ? IoTAnalyticsClientFactory.createAsync(rig.configuration(maxThreads)) : null;
    }

    /**
     * Runs {@code messages} with {@code from} concurrent calls, then twice as many, and so on up to the client's
     * maximum, until throughput grows by less than {@value #GROWTH}; returns the concurrency of the best run.
     */
    int sweep(long latencyMs, int from, long messages) throws Exception {
        int best = from;
        double bestRate = 0;
        for (int threads = from; threads <= maxThreads; threads *= 2) {
            Result result;
            try {
                result = run(latencyMs, threads, messages, -1);
            } catch (IllegalStateException e) {
                System.out.printf(Locale.ROOT, "  ceiling sweep, emulator latency %d ms: %d concurrent calls failed (%s):"
                                               + " the sweep stops there%n", latencyMs, threads, e.getCause());
                break;
            }
            System.out.printf(Locale.ROOT, "  ceiling sweep, emulator latency %d ms: %d concurrent calls: %,.0f msg/s%n",
                    latencyMs, threads, result.rate());
            boolean grew = result.rate() > bestRate * (1 + GROWTH);
            if (result.rate() > bestRate) {
                best = threads;
                bestRate = result.rate();
            }
            if (!grew) {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "  ceiling at emulator latency %d ms: reached with %d concurrent calls%n",
                latencyMs, best);
        return best;
    }

    /** One run of {@code messages} (a whole number of calls) from {@code threads} threads. */
    Result run(long latencyMs, int threads, long messages, int round) throws Exception {
        String name = "ceiling (SDK " + (client != null ? "sync" : "async") + ", " + threads + " concurrent calls"
                      + EndToEndBenchmark.latencySuffix(latencyMs) + ")";
        rig.emulator().resetWithChannel(Rig.CHANNEL);
        long calls = messages / 100;
        AtomicLong next = new AtomicLong();
        LongAdder callNanos = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(threads);
        CountDownLatch measured = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        Measure measure = new Measure(rig.emulator(), next::get, calls);
        if (asyncClient != null) {
            measure.begin();
            for (int t = 0; t < threads; t++) {
                callAsync(next, calls, callNanos, errors, failure, finished);
            }
            finished.await();
            measure.end();
        }
        for (int t = 0; t < threads && client != null; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    long call;
                    while ((call = next.getAndIncrement()) < calls) {
                        long begin = System.nanoTime();
                        BatchPutMessageResponse response = client.batchPutMessage(requests[(int) (call % requests.length)]);
                        callNanos.add(System.nanoTime() - begin);
                        errors.add(response.batchPutMessageErrorEntries().size());
                    }
                    finished.countDown();
                    // alive until the run is measured: their CPU time is read by thread
                    measured.await();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    finished.countDown();
                }
            }, "ceiling-" + t);
            workers.add(worker);
            worker.start();
        }
        if (client != null) {
            measure.begin();
            start.countDown();
            finished.await();
            measure.end();
        }
        measured.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("A ceiling call failed", failure.get());
        }
        long[] stats = rig.emulator().stats();
        long[] stored = rig.emulator().verify(Rig.CHANNEL);
        boolean ok = stored[0] == calls * 100 && stats[1] == calls * 100 && errors.sum() == 0;
        String check = String.format(Locale.ROOT, "stored %d of %d", stored[0], calls * 100);
        return measure.result("ceiling", latencyMs, threads, name, round, calls * 100, errors.sum(), null, check, ok,
                callNanos.sum() / 1e6 / Math.max(1, calls), null);
    }

    /**
     * Takes the next call and makes it; its answer makes the one after, so that {@code finished} counts one chain of
     * calls down when none is left.
     */
    private void callAsync(AtomicLong next, long calls, LongAdder callNanos, LongAdder errors,
                           AtomicReference<Throwable> failure, CountDownLatch finished) {
        long call = next.getAndIncrement();
        if (call >= calls || failure.get() != null) {
            finished.countDown();
            return;
        }
        long begin = System.nanoTime();
        asyncClient.batchPutMessage(requests[(int) (call % requests.length)]).whenComplete((response, e) -> {
            callNanos.add(System.nanoTime() - begin);
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                errors.add(response.batchPutMessageErrorEntries().size());
            }
            callAsync(next, calls, callNanos, errors, failure, finished);
        });
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (asyncClient != null) {
            asyncClient.close();
        }
    }
}
