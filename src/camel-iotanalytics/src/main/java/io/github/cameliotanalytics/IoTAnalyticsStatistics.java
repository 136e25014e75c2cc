package io.github.cameliotanalytics;

import java.util.Map;

/**
 * An immutable snapshot of an endpoint's batching engine, read by JMX, the dev console, the health check and the
 * benchmarks ({@link IoTAnalyticsEndpoint#getStatistics()}). Each value is read once, so two values may come from
 * instants a few microseconds apart; the counters never decrease while the engine runs.
 *
 * @param pendingMessages                   messages waiting in the buffer
 * @param pendingBytes                      payload bytes waiting in the buffer
 * @param waitingSenders                    callers waiting in line for room in the full buffer (back-pressure)
 * @param inFlightBatches                   BatchPutMessage calls in flight
 * @param sendWindow                        calls allowed in flight now: the adaptive send window (1 to
 *                                          maxInFlightBatches)
 * @param messagesSent                      messages delivered
 * @param messagesFailed                    messages not delivered
 * @param messagesRetried                   messages sent again after a retryable failure
 * @param messagesResentAfterUnknownOutcome messages sent again after a call that timed out or lost its connection: the
 *                                          service may have stored them twice
 * @param batchesSent                       BatchPutMessage calls made
 * @param meanBatchSize                     mean number of messages per call, retries included
 * @param meanBufferTimeMillis              mean time a message waited in the buffer before a call
 * @param maxBufferTimeMillis               longest time a message waited in the buffer before a call
 * @param errorsByCode                      messages not delivered, by error code, sorted by code
 * @param lastCallErrorCode                 the error code of the last call if it failed, else {@code null}
 * @param consecutiveFailedCalls            calls that failed in a row
 */
public record IoTAnalyticsStatistics(int pendingMessages, long pendingBytes, int waitingSenders, int inFlightBatches,
        int sendWindow, long messagesSent, long messagesFailed, long messagesRetried,
        long messagesResentAfterUnknownOutcome, long batchesSent, double meanBatchSize, double meanBufferTimeMillis,
        double maxBufferTimeMillis, Map<String, Long> errorsByCode, String lastCallErrorCode,
        int consecutiveFailedCalls) {

    /** The statistics of an endpoint that has no running engine. */
    public static final IoTAnalyticsStatistics NONE
            = new IoTAnalyticsStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), null, 0);
}
