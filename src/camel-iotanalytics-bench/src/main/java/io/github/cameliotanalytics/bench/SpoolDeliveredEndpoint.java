package io.github.cameliotanalytics.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.cameliotanalytics.IoTAnalyticsEndpoint;
import io.github.cameliotanalytics.SpoolStatus;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncEndpoint;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Sends each exchange to an {@code iotanalytics:} endpoint with a spool, and completes it once the endpoint's forwarder
 * has delivered as many spooled messages as had been spooled when its own was (the n-th message spooled completes once
 * n are delivered). The spool delivers about oldest first, so an exchange completes about when its message is
 * delivered, and the last one exactly when every message is.
 * <p>
 * Threads: the spooling endpoint's threads count each spooled message in; one thread of this endpoint (the watcher)
 * reads the forwarded count every millisecond and completes the exchanges it covers.
 */
final class SpoolDeliveredEndpoint extends DefaultEndpoint implements AsyncEndpoint {

    private static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final IoTAnalyticsEndpoint spooling;
    /** Messages spooled so far. */
    private final AtomicLong spooled = new AtomicLong();
    /** The completions of the spooled exchanges, by the count of spooled messages at theirs. */
    private final ConcurrentSkipListMap<Long, AsyncCallback> waiting = new ConcurrentSkipListMap<>();
    private volatile Thread watcher;

    SpoolDeliveredEndpoint(String uri, SpoolDeliveredComponent component, IoTAnalyticsEndpoint spooling) {
        super(uri, component);
        this.spooling = spooling;
    }

    @Override
    public Producer createProducer() {
        return new Spooling(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("spool-delivered has no consumer");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Thread thread = new Thread(this::watch, "spool-delivered-watcher");
        thread.setDaemon(true);
        watcher = thread;
        thread.start();
    }

    @Override
    protected void doStop() throws Exception {
        Thread thread = watcher;
        watcher = null;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        super.doStop();
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            SpoolStatus status = spooling.getSpoolStatus();
            long forwarded = status == null ? 0 : status.forwardedMessages();
            Map.Entry<Long, AsyncCallback> first;
            while ((first = waiting.firstEntry()) != null && first.getKey() <= forwarded) {
                waiting.remove(first.getKey());
                first.getValue().done(false);
            }
            LockSupport.parkNanos(WATCH_NANOS);
        }
    }

    /** The producer: spools through the spooling endpoint's producer, then waits for the watcher. */
    private static final class Spooling extends DefaultAsyncProducer {

        private final SpoolDeliveredEndpoint endpoint;
        private AsyncProducer delegate;

        Spooling(SpoolDeliveredEndpoint endpoint) {
            super(endpoint);
            this.endpoint = endpoint;
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            delegate = endpoint.spooling.createAsyncProducer();
            delegate.start();
        }

        @Override
        protected void doStop() throws Exception {
            delegate.stop();
            super.doStop();
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            delegate.process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    callback.done(false);
                } else {
                    endpoint.waiting.put(endpoint.spooled.incrementAndGet(), callback);
                }
            });
            return false;
        }
    }
}
