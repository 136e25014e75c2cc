package io.github.cameliotanalytics.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.github.cameliotanalytics.IoTAnalyticsConstants;
import org.apache.camel.Exchange;

/** The outcomes of one run's exchanges: when each completed, which failed, and the checksum of the messageIds sent. */
final class Completions {

    final long[] latencies;
    final AtomicLong completed = new AtomicLong();
    final LongAdder failed = new LongAdder();
    final AtomicLong checksum = new AtomicLong();
    final AtomicReference<String> firstError = new AtomicReference<>();
    private final CountDownLatch all = new CountDownLatch(1);
    private final long expected;

    Completions(long expected) {
        this.expected = expected;
        this.latencies = new long[(int) expected];
    }

    /** Records one outcome; a successful exchange that carries the sent messageId adds it to the checksum. */
    void done(long index, long begin, Exchange exchange, Throwable error) {
        latencies[(int) index] = System.nanoTime() - begin;
        Throwable failure = error != null ? error : exchange.getException();
        if (failure != null) {
            failed.increment();
            firstError.compareAndSet(null, failure.toString());
        } else {
            String messageId = exchange.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID, String.class);
            if (messageId != null) {
                checksum.addAndGet(Ids.hash(messageId));
            }
        }
        if (completed.incrementAndGet() == expected) {
            all.countDown();
        }
    }

    /** Waits up to {@code nanos} for every outcome; returns how many are missing. */
    long await(long nanos) throws InterruptedException {
        all.await(nanos, TimeUnit.NANOSECONDS);
        return expected - completed.get();
    }
}
