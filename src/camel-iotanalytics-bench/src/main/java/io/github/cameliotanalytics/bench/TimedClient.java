package io.github.cameliotanalytics.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsServiceClientConfiguration;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;

/** An IoTAnalyticsAsyncClient that times each BatchPutMessage call of the client it wraps, until its answer. */
final class TimedClient implements IoTAnalyticsAsyncClient {

    private final IoTAnalyticsAsyncClient delegate;
    private final LongAdder calls = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    TimedClient(IoTAnalyticsAsyncClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<BatchPutMessageResponse> batchPutMessage(BatchPutMessageRequest request) {
        long start = System.nanoTime();
        return delegate.batchPutMessage(request).whenComplete((response, failure) -> {
            nanos.add(System.nanoTime() - start);
            calls.increment();
        });
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

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public IoTAnalyticsServiceClientConfiguration serviceClientConfiguration() {
        return delegate.serviceClientConfiguration();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
