package io.github.cameliotanalytics.bench;

import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsServiceClientConfiguration;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;

/** An IoTAnalyticsClient that times each BatchPutMessage call of the client it wraps. */
final class TimedClient implements IoTAnalyticsClient {

    private final IoTAnalyticsClient delegate;
    private final LongAdder calls = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    TimedClient(IoTAnalyticsClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public BatchPutMessageResponse batchPutMessage(BatchPutMessageRequest request) {
        long start = System.nanoTime();
        try {
            return delegate.batchPutMessage(request);
        } finally {
            nanos.add(System.nanoTime() - start);
            calls.increment();
        }
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
