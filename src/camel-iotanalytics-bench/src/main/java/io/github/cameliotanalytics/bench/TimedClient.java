package io.github.cameliotanalytics.bench;

import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;

/** An IoTAnalyticsAsyncClient that times each BatchPutMessage call of the client it wraps, until its answer. */
final class TimedClient extends ObservedClient {

    private final LongAdder calls = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    TimedClient(IoTAnalyticsAsyncClient delegate) {
        super(delegate);
    }

    @Override
    void ended(long startNanos, Throwable failure) {
        nanos.add(System.nanoTime() - startNanos);
        calls.increment();
    }

    double meanCallMillis() {
        long count = calls.sum();
        return count == 0 ? 0 : nanos.sum() / 1e6 / count;
    }

    long calls() {
        return calls.sum();
    }

    long nanos() {
        return nanos.sum();
    }
}
