package io.github.cameliotanalytics.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import io.github.cameliotanalytics.batch.MessageAccumulator.Appended;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageErrorEntry;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;
import software.amazon.awssdk.services.iotanalytics.model.Message;

/**
 * The batching engine of one producer: callers {@link #submit} messages into a bounded {@link MessageAccumulator};
 * one sender thread takes ready batches from it and hands each to a call thread, at most {@code maxInFlightBatches}
 * at once ({@link SendWindow}); each call thread sends its batch with BatchPutMessage and reports every message's
 * outcome, re-queueing the ones worth another attempt ({@link RetryPolicy}) until their {@code deliveryTimeout}.
 * <p>
 * Outcomes are reported on the call threads, never on the sender thread or an SDK thread.
 */
public final class BatchSender {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final IoTAnalyticsClient client;
    private final ExecutorService senderThread;
    private final ExecutorService callThreads;
    private final MessageAccumulator accumulator;
    private final SendWindow window;
    private final RetryPolicy retryPolicy = new RetryPolicy();
    private final BatchStatistics statistics = new BatchStatistics();
    private final Set<Batch> inFlight = ConcurrentHashMap.newKeySet();
    private final long requestTimeoutNanos;
    private final AtomicInteger consecutiveThrottles = new AtomicInteger();
    private final AtomicInteger consecutiveFailedCalls = new AtomicInteger();
    private volatile String lastCallErrorCode;
    private volatile boolean closing;
    private volatile boolean terminated;
    private Future<?> senderLoop;

    /**
     * @param senderThread a single-thread executor for the sender loop
     * @param callThreads  an executor with {@code maxInFlightBatches} threads for the calls and the outcomes
     */
    public BatchSender(IoTAnalyticsClient client, IoTAnalyticsConfiguration configuration, ExecutorService senderThread,
                       ExecutorService callThreads) {
        this.client = client;
        this.senderThread = senderThread;
        this.callThreads = callThreads;
        this.accumulator = new MessageAccumulator(
                configuration.getBatchSize(), TimeUnit.MILLISECONDS.toNanos(configuration.getBatchTimeout()),
                configuration.getMaxPendingMessages(), configuration.getMaxPendingBytes());
        this.window = new SendWindow(configuration.getMaxInFlightBatches());
        this.requestTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(configuration.getRequestTimeout());
    }

    public void start() {
        senderLoop = senderThread.submit(this::sendLoop);
    }

    /**
     * Accepts a message, waiting up to {@code maxBlockNanos} for room in the buffer. A message that is not accepted
     * gets its outcome (BufferFull, ProducerStopped) before this returns; an accepted one gets it later.
     */
    public void submit(PendingMessage message, long maxBlockNanos) {
        Appended appended;
        try {
            appended = accumulator.append(message, maxBlockNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(message, DeliveryFailure.of(DeliveryFailure.PRODUCER_STOPPED,
                    "Interrupted while waiting for room in the buffer", e));
            return;
        }
        if (appended == Appended.BUFFER_FULL) {
            fail(message, DeliveryFailure.of(DeliveryFailure.BUFFER_FULL,
                    "The buffer of pending messages stayed full for maxBlockTime", null));
        } else if (appended == Appended.CLOSED) {
            fail(message, DeliveryFailure.of(DeliveryFailure.PRODUCER_STOPPED, "The producer is stopping", null));
        }
    }

    /** Reports the failure of a message that was not accepted (it broke a rule, or its body could not be read). */
    public void reject(PendingMessage message, DeliveryFailure failure) {
        fail(message, failure);
    }

    /**
     * Stops accepting messages, flushes the pending ones and waits for the calls in flight, up to {@code timeoutMillis}
     * in all; then fails whatever is left with ProducerStopped. The executors are the caller's to shut down.
     */
    public void close(long timeoutMillis) {
        closing = true;
        accumulator.close();
        try {
            if (senderLoop != null) {
                senderLoop.get(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            LOG.warn("Pending and in-flight messages were not all delivered within {} ms: failing them", timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("The sender loop failed", e.getCause());
        } finally {
            terminated = true;
            if (senderLoop != null) {
                senderLoop.cancel(true);
            }
            accumulator.drainAll().forEach(message -> fail(message, stopped()));
            inFlight.forEach(batch -> batch.messages().forEach(message -> fail(message, stopped())));
        }
    }

    private void sendLoop() {
        List<PendingMessage> expired = new ArrayList<>();
        try {
            while (!(closing && accumulator.isEmpty() && window.inFlight() == 0)) {
                if (!window.tryAcquire(POLL_NANOS)) {
                    accumulator.expire(expired);
                    expired = failExpired(expired);
                    continue;
                }
                Batch batch;
                try {
                    batch = accumulator.nextBatch(POLL_NANOS, expired);
                } catch (InterruptedException e) {
                    window.release();
                    throw e;
                }
                expired = failExpired(expired);
                if (batch == null) {
                    window.release();
                } else {
                    inFlight.add(batch);
                    dispatch(() -> send(batch));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<PendingMessage> failExpired(List<PendingMessage> expired) {
        if (expired.isEmpty()) {
            return expired;
        }
        dispatch(() -> expired.forEach(message -> fail(message, timedOut(message, null))));
        return new ArrayList<>();
    }

    private void dispatch(Runnable task) {
        try {
            callThreads.execute(task);
        } catch (RejectedExecutionException stopped) {
            task.run();
        }
    }

    private void send(Batch batch) {
        try {
            long now = System.nanoTime();
            List<Message> messages = new ArrayList<>(batch.messages().size());
            long totalBufferNanos = 0;
            long maxBufferNanos = 0;
            for (PendingMessage message : batch.messages()) {
                long buffered = now - message.queuedAt();
                totalBufferNanos += buffered;
                maxBufferNanos = Math.max(maxBufferNanos, buffered);
                message.attempted();
                messages.add(message.message());
            }
            statistics.leftBuffer(messages.size(), totalBufferNanos, maxBufferNanos);
            long timeout = Math.min(requestTimeoutNanos, batch.earliestDeadline() - now);
            BatchPutMessageRequest request = BatchPutMessageRequest.builder()
                    .channelName(batch.channelName())
                    .messages(messages)
                    .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofNanos(Math.max(timeout, 1_000_000))))
                    .build();
            statistics.batchSent(messages.size());
            BatchPutMessageResponse response;
            try {
                response = client.batchPutMessage(request);
            } catch (SdkException e) {
                callFailed(batch, e);
                return;
            }
            callAnswered(batch, response);
        } catch (RuntimeException e) {
            LOG.warn("Unexpected failure while sending a batch to channel {}", batch.channelName(), e);
            DeliveryFailure failure = DeliveryFailure.of(e.getClass().getSimpleName(), e.getMessage(), e);
            batch.messages().forEach(message -> fail(message, failure));
        } finally {
            inFlight.remove(batch);
            window.release();
            if (closing) {
                accumulator.wakeUp();
            }
        }
    }

    private void callAnswered(Batch batch, BatchPutMessageResponse response) {
        consecutiveThrottles.set(0);
        consecutiveFailedCalls.set(0);
        lastCallErrorCode = null;
        window.onSuccess();
        Map<String, BatchPutMessageErrorEntry> errors = errorsById(response.batchPutMessageErrorEntries());
        List<PendingMessage> retries = new ArrayList<>(errors.size());
        long sendAfter = retryTime(batch);
        for (PendingMessage message : batch.messages()) {
            BatchPutMessageErrorEntry error = errors.get(message.messageId());
            if (error == null) {
                deliver(message);
            } else if (retryPolicy.isRetryableEntry(error.errorCode())) {
                retryOrGiveUp(message, sendAfter, retries, error.errorCode() + ": " + error.errorMessage(), null);
            } else {
                fail(message, DeliveryFailure.rejected(error.errorCode(), error.errorMessage()));
            }
        }
        requeue(retries, sendAfter);
    }

    private static Map<String, BatchPutMessageErrorEntry> errorsById(List<BatchPutMessageErrorEntry> entries) {
        if (entries.isEmpty()) {
            return Map.of();
        }
        Map<String, BatchPutMessageErrorEntry> byId = new HashMap<>(entries.size() * 2);
        entries.forEach(entry -> byId.put(entry.messageId(), entry));
        return byId;
    }

    private void callFailed(Batch batch, SdkException e) {
        String code = RetryPolicy.errorCode(e);
        lastCallErrorCode = code;
        consecutiveFailedCalls.incrementAndGet();
        if (!retryPolicy.isRetryable(e)) {
            LOG.debug("BatchPutMessage to channel {} failed: {}", batch.channelName(), code);
            DeliveryFailure failure = DeliveryFailure.of(code, RetryPolicy.errorMessage(e), e);
            batch.messages().forEach(message -> fail(message, failure));
            return;
        }
        if (retryPolicy.isThrottling(e)) {
            window.onThrottled(retryPolicy.backoffNanos(consecutiveThrottles.incrementAndGet()));
        }
        LOG.debug("BatchPutMessage to channel {} failed with {}; its messages will be retried", batch.channelName(), code);
        List<PendingMessage> retries = new ArrayList<>(batch.messages().size());
        long sendAfter = retryTime(batch);
        String lastError = code + ": " + RetryPolicy.errorMessage(e);
        batch.messages().forEach(message -> retryOrGiveUp(message, sendAfter, retries, lastError, e));
        requeue(retries, sendAfter);
    }

    /** When the messages of a batch that failed may be sent again: after the backoff of its most tried message. */
    private long retryTime(Batch batch) {
        int attempts = 0;
        for (PendingMessage message : batch.messages()) {
            attempts = Math.max(attempts, message.attempts());
        }
        return System.nanoTime() + retryPolicy.backoffNanos(attempts);
    }

    /** Adds the message to the retries if its deadline leaves room for one more attempt, else fails it. */
    private void retryOrGiveUp(PendingMessage message, long sendAfter, List<PendingMessage> retries, String lastError,
                               Throwable cause) {
        message.failedAttempt(lastError);
        if (terminated) {
            fail(message, stopped());
        } else if (message.deadline() - sendAfter > 0) {
            retries.add(message);
        } else {
            fail(message, timedOut(message, cause));
        }
    }

    private static DeliveryFailure timedOut(PendingMessage message, Throwable cause) {
        String reason = message.attempts() == 0
                ? "Not sent within deliveryTimeout"
                : "Not delivered within deliveryTimeout after " + message.attempts() + " attempt(s); last error: "
                  + message.lastError();
        return DeliveryFailure.of(DeliveryFailure.DELIVERY_TIMEOUT, reason, cause);
    }

    private void requeue(List<PendingMessage> messages, long sendAfter) {
        if (messages.isEmpty()) {
            return;
        }
        statistics.retried(messages.size());
        accumulator.requeue(messages, sendAfter);
        if (terminated) {
            // close() may have drained the buffer before these came back
            accumulator.drainAll().forEach(message -> fail(message, stopped()));
        }
    }

    private static DeliveryFailure stopped() {
        return DeliveryFailure.of(DeliveryFailure.PRODUCER_STOPPED,
                "The producer stopped before the outcome of this message was known", null);
    }

    /** Counts, then reports, a delivery: whoever reads the counters after the exchange completed sees it. */
    private void deliver(PendingMessage message) {
        if (message.claim()) {
            statistics.delivered();
            message.listener().delivered(message);
        }
    }

    private void fail(PendingMessage message, DeliveryFailure failure) {
        if (message.claim()) {
            statistics.failed(failure.errorCode());
            message.listener().failed(message, failure);
        }
    }

    public BatchStatistics statistics() {
        return statistics;
    }

    /** The threads waiting for room in the full buffer (back-pressure). */
    public int waitingSenders() {
        return accumulator.waitingCallers();
    }

    public int pendingMessages() {
        return accumulator.pendingMessages();
    }

    public long pendingBytes() {
        return accumulator.pendingBytes();
    }

    public int inFlightBatches() {
        return inFlight.size();
    }

    /** The current width of the send window (lower than maxInFlightBatches after throttling). */
    public int sendWindow() {
        return window.limit();
    }

    /** The error code of the last BatchPutMessage call if it failed, else {@code null}. */
    public String lastCallErrorCode() {
        return lastCallErrorCode;
    }

    public int consecutiveFailedCalls() {
        return consecutiveFailedCalls.get();
    }
}
