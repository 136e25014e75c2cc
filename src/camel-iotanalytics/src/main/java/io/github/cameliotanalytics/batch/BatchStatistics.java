package io.github.cameliotanalytics.batch;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one engine's deliveries; read through one snapshot by JMX, the dev console, the health check and the
 * benchmarks.
 */
public final class BatchStatistics {

    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder messagesFailed = new LongAdder();
    private final LongAdder messagesRetried = new LongAdder();
    private final LongAdder messagesResentAfterUnknownOutcome = new LongAdder();
    private final LongAdder batchesSent = new LongAdder();
    private final LongAdder messagesInBatches = new LongAdder();
    private final LongAdder bufferNanosTotal = new LongAdder();
    private final LongAdder bufferedMessages = new LongAdder();
    private final LongAccumulator bufferNanosMax = new LongAccumulator(Math::max, 0);
    private final Map<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();

    void batchSent(int size) {
        batchesSent.increment();
        messagesInBatches.add(size);
    }

    /** Counts the messages of one call leaving the buffer: how many, their total and their longest wait. */
    void leftBuffer(int messages, long totalNanosInBuffer, long maxNanosInBuffer) {
        bufferedMessages.add(messages);
        bufferNanosTotal.add(totalNanosInBuffer);
        bufferNanosMax.accumulate(maxNanosInBuffer);
    }

    /** Counts the messages one call delivered. */
    void delivered(int messages) {
        messagesSent.add(messages);
    }

    void retried(int messages) {
        messagesRetried.add(messages);
    }

    /** Counts messages sent again after a call whose outcome is unknown: the service may store them twice. */
    void resentAfterUnknownOutcome(int messages) {
        messagesResentAfterUnknownOutcome.add(messages);
    }

    /** Counts a message that was not delivered, by error code. */
    void failed(String errorCode) {
        messagesFailed.increment();
        errorsByCode.computeIfAbsent(errorCode, c -> new LongAdder()).increment();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long messagesFailed() {
        return messagesFailed.sum();
    }

    public long messagesRetried() {
        return messagesRetried.sum();
    }

    public long messagesResentAfterUnknownOutcome() {
        return messagesResentAfterUnknownOutcome.sum();
    }

    public long batchesSent() {
        return batchesSent.sum();
    }

    /** Mean number of messages per BatchPutMessage call, retries included. */
    public double meanBatchSize() {
        long batches = batchesSent.sum();
        return batches == 0 ? 0 : (double) messagesInBatches.sum() / batches;
    }

    /** Mean time, in milliseconds, a message waited in the buffer before its (first or later) call. */
    public double meanBufferTimeMillis() {
        long count = bufferedMessages.sum();
        return count == 0 ? 0 : bufferNanosTotal.sum() / (double) count / TimeUnit.MILLISECONDS.toNanos(1);
    }

    /** Longest time, in milliseconds, a message waited in the buffer. */
    public double maxBufferTimeMillis() {
        return bufferNanosMax.get() / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }

    /** Messages not delivered, by error code, sorted by code. */
    public Map<String, Long> errorsByCode() {
        Map<String, Long> copy = new TreeMap<>();
        errorsByCode.forEach((code, count) -> copy.put(code, count.sum()));
        return copy;
    }
}
