package io.github.cameliotanalytics.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToLongFunction;

import io.github.cameliotanalytics.batch.MessageAccumulator.Appended;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batching engine of one endpoint, shared by all its producers. It knows nothing of HTTP, the SDK or Camel. Its
 * costs are per batch: a message costs its append, its share of a call and its completion, and no hand-off of its own.
 * <ul>
 * <li>Callers {@link #submit} messages into a bounded {@link MessageAccumulator}, waiting in a FIFO line for room. A
 * caller whose message fills a batch sends it at once on its own thread if the {@link SendWindow} has a place.</li>
 * <li>The thread that handles a call's answer (the client's response thread) gives back its place, records each
 * message's outcome ({@link DeliveryListener}) and queues what completes the callers for the long-lived workers
 * ({@link OutcomeQueue}), then sends the next ready batches itself while the window has places.</li>
 * <li>One sender thread runs {@link #runOnce()} for what has a time: batches that waited {@code batchTimeout}, retries
 * whose backoff has passed, messages past their deadline (in the buffer or in flight), calls past
 * {@code requestTimeout} (it ends and cancels them: the calls carry no timer of their own). It sleeps until the next
 * such time, and is woken only by an event that comes sooner.</li>
 * </ul>
 * Guarantees: each message gets exactly one outcome ({@link PendingMessage#claim()}); whatever a call, a listener or a
 * completion throws stays with the messages it concerns; a message's outcome is known at its deadline, even when every
 * call is busy, since only the sender thread expires messages and it never waits for a call; after {@link #close}
 * every accepted message has its outcome and every completion has run.
 */
public final class BatchEngine {

    /**
     * The longest the sender sleeps without looking: a guard, not a tick; every event that needs it sooner wakes it.
     */
    static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Error code of a call that had no answer within requestTimeout; the engine ended it and sends again. */
    public static final String REQUEST_TIMEOUT = "RequestTimeout";
    /** Whether this thread is sending already: an answer that completes inline does not send again from within. */
    private static final ThreadLocal<Boolean> SENDING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private static final Logger LOG = LoggerFactory.getLogger(BatchEngine.class);
    private static final Set<String> RETRYABLE_ENTRY_CODES
            = Set.of("ThrottlingException", "ServiceUnavailableException", "InternalFailureException");

    /** The engine's options, in nanoseconds where they are durations. */
    public record Settings(int batchSize, long batchTimeoutNanos, int maxPendingMessages, long maxPendingBytes,
            int maxInFlightBatches, long deliveryTimeoutNanos, Duration requestTimeout, int maxWorkers) {
    }

    private final Time time;
    private final BatchCall call;
    private final IntToLongFunction backoffNanos;
    private final Duration requestTimeout;
    private final long requestTimeoutNanos;
    /**
     * The longest sleep of the sender loop: a call sent after a step's look at the calls in flight ends
     * requestTimeout after it at the earliest, so a sleep no longer than that sees it in time, with no signal.
     */
    private final long maxSleepNanos;
    private final MessageAccumulator accumulator;
    private final SendWindow window;
    private final OutcomeQueue outcomes;
    private final BatchStatistics statistics = new BatchStatistics();
    private final Set<Batch> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger consecutiveThrottles = new AtomicInteger();
    private final AtomicInteger consecutiveFailedCalls = new AtomicInteger();
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private volatile String lastCallErrorCode;
    private volatile boolean closing;
    private volatile boolean stopped;
    private volatile boolean terminated;
    private volatile boolean started;

    /**
     * @param backoffNanos how long to wait before attempt number {@code n + 1} of a message attempted {@code n} times
     * @param workers      where the completions of the callers run (at most {@code maxWorkers} at once)
     */
    public BatchEngine(Settings settings, BatchCall call, Time time, IntToLongFunction backoffNanos, Executor workers) {
        this.time = time;
        this.call = call;
        this.backoffNanos = backoffNanos;
        this.requestTimeout = settings.requestTimeout();
        this.requestTimeoutNanos = settings.requestTimeout().toNanos();
        this.maxSleepNanos = Math.min(requestTimeoutNanos, MAX_IDLE_NANOS);
        this.accumulator = new MessageAccumulator(time, settings.batchSize(), settings.batchTimeoutNanos(),
                settings.deliveryTimeoutNanos(), settings.maxPendingMessages(), settings.maxPendingBytes());
        this.window = new SendWindow(settings.maxInFlightBatches(), time.nanoTime());
        this.outcomes = new OutcomeQueue(workers, settings.maxWorkers(), accumulator::outcomesTaken);
    }

    /** Runs the sender loop on the given thread; until then a test may drive the engine with {@link #runOnce()}. */
    public void start(Executor senderThread) {
        started = true;
        senderThread.execute(this::loop);
    }

    private void loop() {
        try {
            while (!stopped) {
                long wait;
                try {
                    wait = runOnce();
                } catch (Throwable e) {
                    LOG.error("The sender loop failed a step; it goes on", e);
                    wait = MAX_IDLE_NANOS;
                }
                if (closing && accumulator.isEmpty() && window.inFlight() == 0) {
                    return;
                }
                accumulator.awaitWork(Math.min(wait, maxSleepNanos), window.full());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loopEnded.countDown();
        }
    }

    /**
     * One step of the sender loop: ends the calls past requestTimeout, fails the messages past their deadline, sends
     * the ready batches the window allows, and offers the queued completions to the workers again. Returns how long
     * the loop may sleep before the next step unless woken: never 0 for a batch already handled.
     */
    public long runOnce() {
        long now = time.nanoTime();
        List<PendingMessage> expired = new ArrayList<>();
        List<Runnable> completions = new ArrayList<>();
        accumulator.expire(now, expired);
        long nanos = checkCallsInFlight(now, expired, completions);
        sendReady(false);
        if (window.full() && accumulator.nanosUntilWork(now, true) == 0) {
            window.demandExceeded();
        }
        failExpired(expired, completions);
        complete(completions);
        outcomes.startWorker();
        return Math.min(nanos, nanosUntilWork(now));
    }

    /**
     * Ends the calls past requestTimeout (their messages are retried, their futures cancelled) and collects the
     * messages in flight past their deadline; returns the nanoseconds to the next such time.
     */
    private long checkCallsInFlight(long now, List<PendingMessage> expired, List<Runnable> completions) {
        long nanos = Long.MAX_VALUE;
        for (Batch batch : inFlight) {
            if (now - batch.callDeadline() >= 0) {
                if (batch.end()) {
                    inFlight.remove(batch);
                    window.release();
                    callFailed(batch, new SendFailure(SendFailure.Kind.RETRYABLE, REQUEST_TIMEOUT,
                            "No answer within requestTimeout (" + requestTimeout.toMillis() + " ms)", true, null), now,
                            completions);
                    accumulator.callEnded(batch.bytes());
                    batch.cancelCall();
                }
                continue;
            }
            nanos = Math.min(nanos, batch.callDeadline() - now);
            nanos = Math.min(nanos, batch.expire(now, expired));
        }
        return nanos;
    }

    /** When the loop must look again for the buffer: a batch becoming ready (if it can send), a deadline, a pause. */
    private long nanosUntilWork(long now) {
        long paused = window.nanosPaused(now);
        boolean canSend = paused == 0 && !window.full();
        long nanos = accumulator.nanosUntilWork(now, canSend);
        return paused > 0 ? Math.min(nanos, paused) : nanos;
    }

    /**
     * Sends the ready batches while the window has places, on the calling thread: a caller that filled a batch, the
     * thread of an answer, the sender loop. {@code batchReady}: the caller knows a full batch is ready, so a full
     * window limits this round.
     */
    private void sendReady(boolean batchReady) {
        if (SENDING.get()) {
            return; // an answer completed inline, within a send of this thread: the outer loop goes on
        }
        SENDING.set(Boolean.TRUE);
        try {
            List<PendingMessage> expired = new ArrayList<>(0);
            long now = time.nanoTime();
            boolean sent = false;
            while (window.tryAcquire(now)) {
                Batch batch = accumulator.nextBatch(now, expired);
                if (batch == null) {
                    window.release();
                    break;
                }
                send(batch, now);
                sent = true;
            }
            if (batchReady && !sent && window.full()) {
                window.demandExceeded();
            }
            if (!expired.isEmpty()) {
                List<Runnable> completions = new ArrayList<>(expired.size());
                failExpired(expired, completions);
                complete(completions);
            }
        } finally {
            SENDING.set(Boolean.FALSE);
        }
    }

    /** Fails the messages whose deadline passed before they were sent or answered. */
    private void failExpired(List<PendingMessage> expired, List<Runnable> completions) {
        for (PendingMessage message : expired) {
            fail(message, timedOut(message, null), completions);
        }
    }

    private void send(Batch batch, long now) {
        List<PendingMessage> messages = batch.messages();
        long totalBufferNanos = 0;
        long maxBufferNanos = 0;
        for (PendingMessage message : messages) {
            long buffered = now - message.queuedAt();
            totalBufferNanos += buffered;
            maxBufferNanos = Math.max(maxBufferNanos, buffered);
            message.attempted();
        }
        statistics.leftBuffer(messages.size(), totalBufferNanos, maxBufferNanos);
        statistics.batchSent(messages.size());
        batch.sent(now, requestTimeoutNanos);
        // the loop ends the call at its deadline: it never sleeps longer than requestTimeout (maxSleepNanos)
        inFlight.add(batch);
        CompletableFuture<List<EntryError>> answer;
        try {
            answer = call.send(batch.channelName(), messages, requestTimeout);
        } catch (Throwable e) {
            answer = CompletableFuture.failedFuture(e);
        }
        batch.call(answer);
        answer.whenComplete((errors, failure) -> answered(batch, errors, failure));
    }

    /**
     * Handles the answer of a call, on whichever thread completed it, unless the loop ended the call at its deadline;
     * then sends the next ready batches from this thread. Never throws.
     */
    private void answered(Batch batch, List<EntryError> errors, Throwable failure) {
        if (!batch.end()) {
            return; // timed out: the loop handled it
        }
        List<Runnable> completions = new ArrayList<>(batch.messages().size());
        try {
            inFlight.remove(batch);
            window.release();
            long now = time.nanoTime();
            if (failure == null) {
                callSucceeded(batch, now - batch.sentAt(), errors == null ? List.of() : errors, now, completions);
            } else {
                callFailed(batch, SendFailure.of(unwrap(failure)), now, completions);
            }
        } catch (Throwable e) {
            LOG.warn("Unexpected failure while handling the answer for channel {}", batch.channelName(), e);
            DeliveryFailure unexpected = DeliveryFailure.of(e.getClass().getSimpleName(), e.getMessage(), e);
            batch.messages().forEach(message -> fail(message, unexpected, completions));
        } finally {
            accumulator.callEnded(batch.bytes());
            complete(completions);
            sendReady(false);
            if (closing) {
                accumulator.wakeLoopBy(time.nanoTime());
            } else if (!window.full()) {
                accumulator.placeFreed();
            }
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private void callSucceeded(Batch batch, long latencyNanos, List<EntryError> errors, long now,
                               List<Runnable> completions) {
        consecutiveThrottles.set(0);
        consecutiveFailedCalls.set(0);
        lastCallErrorCode = null;
        window.onSuccess(now, latencyNanos);
        Map<String, EntryError> errorsById = errorsById(errors);
        List<PendingMessage> retries = new ArrayList<>(errorsById.size());
        // only an entry error to retry needs it: a call with none reads no message's attempts
        long sendAfter = 0;
        int delivered = 0;
        for (PendingMessage message : batch.messages()) {
            EntryError error = errorsById.get(message.messageId());
            if (error == null) {
                if (deliver(message, completions)) {
                    delivered++;
                }
            } else if (error.errorCode() != null && RETRYABLE_ENTRY_CODES.contains(error.errorCode())) {
                if (retries.isEmpty()) {
                    sendAfter = retryTime(batch, now);
                }
                retryOrGiveUp(message, sendAfter, retries, error.errorCode() + ": " + error.errorMessage(), null,
                        completions);
            } else {
                String code = error.errorCode() != null ? error.errorCode() : DeliveryFailure.UNKNOWN_ENTRY_ERROR;
                fail(message, DeliveryFailure.rejected(code, error.errorMessage()), completions);
            }
        }
        statistics.delivered(delivered);
        requeue(retries, now, sendAfter, false, completions);
    }

    private static Map<String, EntryError> errorsById(List<EntryError> errors) {
        if (errors.isEmpty()) {
            return Map.of();
        }
        Map<String, EntryError> byId = new HashMap<>(errors.size() * 2);
        errors.forEach(error -> byId.put(error.messageId(), error));
        return byId;
    }

    private void callFailed(Batch batch, SendFailure failure, long now, List<Runnable> completions) {
        lastCallErrorCode = failure.errorCode();
        consecutiveFailedCalls.incrementAndGet();
        if (failure.kind() == SendFailure.Kind.FATAL) {
            LOG.debug("BatchPutMessage to channel {} failed: {}", batch.channelName(), failure.errorCode());
            DeliveryFailure fatal = DeliveryFailure.of(failure.errorCode(), failure.getMessage(), failure.getCause());
            batch.messages().forEach(message -> fail(message, fatal, completions));
            return;
        }
        if (failure.kind() == SendFailure.Kind.THROTTLED) {
            // the window paces or pauses for it only once it is down to one call; the loop sends when that ends
            // the backoff grows with the throttled calls in a row that cut the window, not those sent before a cut
            long pause = backoffNanos.applyAsLong(consecutiveThrottles.get() + 1);
            if (window.onThrottled(now, batch.sentAt(), pause)) {
                consecutiveThrottles.incrementAndGet();
            }
            long paused = window.nanosPaused(now);
            if (paused > 0) {
                accumulator.wakeLoopBy(now + paused);
            }
        }
        LOG.debug("BatchPutMessage to channel {} failed with {}; its messages will be retried", batch.channelName(),
                failure.errorCode());
        List<PendingMessage> retries = new ArrayList<>(batch.messages().size());
        // a throttled call's messages may go again at once: the window, narrowed, sets the pace (and paces or pauses
        // once it is down to one call); a backoff of their own would hold up every message of their channel behind them
        long sendAfter = failure.kind() == SendFailure.Kind.THROTTLED ? now : retryTime(batch, now);
        String lastError = failure.errorCode() + ": " + failure.getMessage();
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        batch.messages().forEach(message -> retryOrGiveUp(message, sendAfter, retries, lastError, cause, completions));
        requeue(retries, now, sendAfter, failure.mayHaveBeenStored(), completions);
    }

    /** When the messages of a batch that failed may be sent again: after the backoff of its most tried message. */
    private long retryTime(Batch batch, long now) {
        int attempts = 0;
        for (PendingMessage message : batch.messages()) {
            attempts = Math.max(attempts, message.attempts());
        }
        return now + backoffNanos.applyAsLong(Math.max(1, attempts));
    }

    /** Adds the message to the retries if its deadline leaves room for another attempt, else fails it. */
    private void retryOrGiveUp(PendingMessage message, long sendAfter, List<PendingMessage> retries, String lastError,
                               Throwable cause, List<Runnable> completions) {
        if (message.done()) {
            return; // expired while in flight
        }
        message.failedAttempt(lastError);
        if (message.deadline() - sendAfter > 0) {
            retries.add(message);
        } else {
            fail(message, timedOut(message, cause), completions);
        }
    }

    private void requeue(List<PendingMessage> retries, long now, long sendAfter, boolean mayHaveBeenStored,
                         List<Runnable> completions) {
        if (retries.isEmpty()) {
            return;
        }
        if (!accumulator.requeue(retries, now, sendAfter)) {
            retries.forEach(message -> fail(message, stopped(), completions));
            return;
        }
        statistics.retried(retries.size());
        if (mayHaveBeenStored) {
            statistics.resentAfterUnknownOutcome(retries.size());
        }
    }

    /**
     * Accepts messages, waiting at most {@code maxBlockNanos} in all for room in the buffer; a message that fills a
     * batch has it sent from this thread if the window has a place. Each message that is not accepted gets its outcome
     * (BufferFull, ProducerStopped, or InvalidRequestException when it can never fit) before this returns; an accepted
     * one gets it later.
     */
    public void submit(List<PendingMessage> messages, long maxBlockNanos) {
        submitUntil(messages, blockDeadline(maxBlockNanos));
    }

    /** The time (on the engine's clock) until which a caller that starts waiting now may wait for room. */
    public long blockDeadline(long maxBlockNanos) {
        return time.nanoTime() + maxBlockNanos;
    }

    /**
     * Accepts messages as {@link #submit} does, waiting for room until {@code blockDeadline} at the latest (a time of
     * {@link #blockDeadline}), so that the messages of one exchange share one maxBlockTime.
     */
    public void submitUntil(List<PendingMessage> messages, long blockDeadline) {
        List<Runnable> completions = new ArrayList<>();
        try {
            for (PendingMessage message : messages) {
                Appended appended;
                try {
                    appended = accumulator.append(message, blockDeadline);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail(message, DeliveryFailure.of(DeliveryFailure.PRODUCER_STOPPED,
                            "Interrupted while waiting for room in the buffer", e), completions);
                    continue;
                } catch (Throwable e) {
                    // whatever the buffer threw (an Error too) stays with this message: submit never throws
                    fail(message, DeliveryFailure.of(e.getClass().getSimpleName(), "Not accepted: " + e, e), completions);
                    continue;
                }
                switch (appended) {
                    case ACCEPTED_BATCH_READY -> sendReady(true);
                    case BUFFER_FULL -> fail(message, DeliveryFailure.of(DeliveryFailure.BUFFER_FULL,
                            "The buffer of pending messages stayed full for maxBlockTime", null), completions);
                    case NEVER_FITS -> fail(message, DeliveryFailure.rejected(DeliveryFailure.INVALID_MESSAGE,
                            "Not sent: its payload of " + message.size() + " bytes is larger than maxPendingBytes"),
                            completions);
                    case CLOSED -> fail(message, DeliveryFailure.of(DeliveryFailure.PRODUCER_STOPPED,
                            "The producer is stopping", null), completions);
                    default -> {
                    }
                }
            }
        } finally {
            complete(completions);
        }
    }

    /**
     * Accepts messages of one channel that must go in one call (a {@link CallGroup} of at most batchSize), together:
     * they wait for room for all of them, at most {@code maxBlockNanos}, and lie next to each other in the buffer, so
     * that no batch takes a part of them. Messages that could never fit together are submitted one by one.
     */
    public void submitGroup(List<PendingMessage> messages, long maxBlockNanos) {
        if (messages.isEmpty()) {
            return;
        }
        long blockDeadline = blockDeadline(maxBlockNanos);
        Appended appended;
        try {
            appended = accumulator.appendAll(messages, blockDeadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failAll(messages, DeliveryFailure.of(DeliveryFailure.PRODUCER_STOPPED,
                    "Interrupted while waiting for room in the buffer", e));
            return;
        } catch (Throwable e) {
            failAll(messages, DeliveryFailure.of(e.getClass().getSimpleName(), "Not accepted: " + e, e));
            return;
        }
        switch (appended) {
            case ACCEPTED_BATCH_READY -> sendReady(true);
            case BUFFER_FULL -> failAll(messages, DeliveryFailure.of(DeliveryFailure.BUFFER_FULL,
                    "The buffer of pending messages stayed full for maxBlockTime", null));
            case NEVER_FITS -> submitUntil(messages, blockDeadline);
            case CLOSED -> failAll(messages, DeliveryFailure.of(DeliveryFailure.PRODUCER_STOPPED,
                    "The producer is stopping", null));
            default -> {
            }
        }
    }

    private void failAll(List<PendingMessage> messages, DeliveryFailure failure) {
        List<Runnable> completions = new ArrayList<>(messages.size());
        messages.forEach(message -> fail(message, failure, completions));
        complete(completions);
    }

    /** Reports the failure of a message that was not accepted (it broke a rule, or its body could not be read). */
    public void reject(PendingMessage message, DeliveryFailure failure) {
        List<Runnable> completions = new ArrayList<>(1);
        fail(message, failure, completions);
        complete(completions);
    }

    /**
     * Reports that messages were kept by other means than a call (the spool wrote them): their listeners learn it as
     * delivered, and the completions run on the workers, handed over together. Not counted as sent.
     */
    public void reportStored(List<PendingMessage> messages) {
        List<Runnable> completions = new ArrayList<>(messages.size());
        for (PendingMessage message : messages) {
            deliver(message, completions);
        }
        complete(completions);
    }

    /**
     * Stops accepting messages, flushes the pending ones and waits for the calls in flight, up to
     * {@code timeoutNanos} in all; then fails whatever is left with ProducerStopped, cancels the calls still in flight
     * and runs every completion still queued on the calling thread. The executors are the caller's to shut down,
     * afterwards.
     */
    public void close(long timeoutNanos) {
        closing = true;
        accumulator.close();
        try {
            if (started && !loopEnded.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
                LOG.warn("Pending and in-flight messages were not all delivered within {} ms: failing them",
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped = true;
            accumulator.wakeLoopBy(time.nanoTime());
            awaitLoopEnd();
            terminated = true;
            List<Runnable> completions = new ArrayList<>();
            accumulator.drainAll().forEach(message -> fail(message, stopped(), completions));
            for (Batch batch : inFlight) {
                batch.messages().forEach(message -> fail(message, stopped(), completions));
                batch.cancelCall();
            }
            complete(completions);
            outcomes.close();
            outcomes.runAllHere();
        }
    }

    /** The loop never blocks but in its sleep, which the wake-up ends: it ends at once, and sends nothing more. */
    private void awaitLoopEnd() {
        try {
            if (started && !loopEnded.await(1, TimeUnit.SECONDS)) {
                LOG.warn("The sender loop did not end within 1 s of the stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static DeliveryFailure timedOut(PendingMessage message, Throwable cause) {
        String reason = message.attempts() == 0
                ? "Not sent within deliveryTimeout"
                : "Not delivered within deliveryTimeout after " + message.attempts() + " attempt(s); last error: "
                  + message.lastError();
        return DeliveryFailure.of(DeliveryFailure.DELIVERY_TIMEOUT, reason, cause);
    }

    private static DeliveryFailure stopped() {
        return DeliveryFailure.of(DeliveryFailure.PRODUCER_STOPPED,
                "The producer stopped before the outcome of this message was known", null);
    }

    /**
     * Records a delivery; returns false if the message had its outcome already. The caller counts the deliveries of
     * a call before their completions run.
     */
    private boolean deliver(PendingMessage message, List<Runnable> completions) {
        if (!message.claim()) {
            return false;
        }
        try {
            add(completions, message.listener().delivered(message));
        } catch (Throwable e) {
            LOG.warn("Recording the delivery of message {} failed", message.messageId(), e);
        }
        return true;
    }

    private void fail(PendingMessage message, DeliveryFailure failure, List<Runnable> completions) {
        if (!message.claim()) {
            return;
        }
        statistics.failed(failure.errorCode());
        try {
            add(completions, message.listener().failed(message, failure));
        } catch (Throwable e) {
            LOG.warn("Recording the failure of message {} failed", message.messageId(), e);
        }
    }

    private static void add(List<Runnable> completions, Runnable completion) {
        if (completion != null) {
            completions.add(completion);
        }
    }

    /** Queues completions for the workers; once the engine is closed, runs them here. */
    private void complete(List<Runnable> completions) {
        if (completions.isEmpty()) {
            return;
        }
        accumulator.holdForOutcomes(completions.size());
        outcomes.addAll(completions);
        if (terminated) {
            outcomes.runAllHere();
        }
    }

    public BatchStatistics statistics() {
        return statistics;
    }

    /** The callers waiting in line for room in the buffer (back-pressure). */
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

    /** The current width of the adaptive send window (at most maxInFlightBatches). */
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
