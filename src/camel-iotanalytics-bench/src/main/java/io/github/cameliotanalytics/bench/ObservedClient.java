package io.github.cameliotanalytics.bench;

import java.util.concurrent.CompletableFuture;

import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsServiceClientConfiguration;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;

/**
 * An IoTAnalyticsAsyncClient that passes each BatchPutMessage call to the client it wraps and tells its subclass when
 * the call ended, on the thread that completed it.
 */
abstract class ObservedClient implements IoTAnalyticsAsyncClient {

    private final IoTAnalyticsAsyncClient delegate;

    ObservedClient(IoTAnalyticsAsyncClient delegate) {
        this.delegate = delegate;
    }

    /** A call made at {@code startNanos} (System.nanoTime) ended, with {@code failure} or {@code null}. */
    abstract void ended(long startNanos, Throwable failure);

    @Override
    public final CompletableFuture<BatchPutMessageResponse> batchPutMessage(BatchPutMessageRequest request) {
        long start = System.nanoTime();
        return delegate.batchPutMessage(request).whenComplete((response, failure) -> ended(start, failure));
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
