package io.github.cameliotanalytics.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine alone: no network, no threads of its own (the test runs {@link BatchEngine#runOnce()}), a clock moved by
 * hand, and calls answered by the test.
 */
class BatchEngineTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The calls the engine made, each answered when the test says. */
    private static final class Calls implements BatchCall {
        final List<List<String>> ids = new CopyOnWriteArrayList<>();
        final List<Duration> timeouts = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<List<EntryError>>> answers = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<List<EntryError>> send(String channel, List<PendingMessage> messages, Duration timeout) {
            threads.add(Thread.currentThread());
            ids.add(messages.stream().map(PendingMessage::messageId).toList());
            timeouts.add(timeout);
            CompletableFuture<List<EntryError>> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }

        void answer(int call, EntryError... errors) {
            answers.get(call).complete(List.of(errors));
        }

        void fail(int call, Throwable failure) {
            answers.get(call).completeExceptionally(failure);
        }
    }

    /** Records each message's outcome, and the completions the workers ran. */
    private static final class Outcomes implements DeliveryListener {
        final Map<String, String> byId = new ConcurrentHashMap<>();
        final AtomicInteger outcomes = new AtomicInteger();
        final List<String> completed = new CopyOnWriteArrayList<>();

        @Override
        public Runnable delivered(PendingMessage message) {
            outcomes.incrementAndGet();
            byId.put(message.messageId(), "OK");
            return () -> completed.add(message.messageId());
        }

        @Override
        public Runnable failed(PendingMessage message, DeliveryFailure failure) {
            outcomes.incrementAndGet();
            byId.put(message.messageId(), failure.errorCode());
            return () -> completed.add(message.messageId());
        }
    }

    private final FakeTime time = new FakeTime(0);
    private final Calls calls = new Calls();
    private final Outcomes outcomes = new Outcomes();

    private BatchEngine engine(int batchSize, int maxInFlight, long deliveryTimeoutMillis, Executor workers) {
        return engine(batchSize, maxInFlight, deliveryTimeoutMillis, REQUEST_TIMEOUT, workers);
    }

    private BatchEngine engine(int batchSize, int maxInFlight, long deliveryTimeoutMillis, Duration requestTimeout,
                               Executor workers) {
        BatchEngine.Settings settings = new BatchEngine.Settings(batchSize, 50 * MS, 1000, Long.MAX_VALUE, maxInFlight,
                deliveryTimeoutMillis * MS, requestTimeout, 4);
        return new BatchEngine(settings, calls, time, attempt -> attempt * 100 * MS, workers);
    }

    private BatchEngine engine(int batchSize, int maxInFlight, long deliveryTimeoutMillis) {
        return engine(batchSize, maxInFlight, deliveryTimeoutMillis, Runnable::run);
    }

    private void submit(BatchEngine engine, String... ids) {
        List<PendingMessage> messages = new ArrayList<>();
        for (String id : ids) {
            messages.add(new PendingMessage("c", id, new byte[] { '1' }, outcomes));
        }
        engine.submit(messages, 0);
    }

    /** The second call goes out when the first attempt's backoff (100 ms) has passed, not a millisecond sooner. */
    private void assertSentAgainAfterTheBackoff(BatchEngine engine) {
        time.advanceMillis(99);
        engine.runOnce();
        assertThat(calls.ids).hasSize(1);
        time.advanceMillis(1);
        engine.runOnce();
        assertThat(calls.ids).hasSize(2);
    }

    @Test
    void aMessagePastItsDeadlineFailsAtItsDeadlineEvenWhileEveryCallIsBusy() {
        BatchEngine engine = engine(1, 1, 1000);
        submit(engine, "in-flight", "waiting");
        engine.runOnce();
        assertThat(calls.ids).containsExactly(List.of("in-flight"));
        // the sender sleeps no longer than until the first deadline
        assertThat(engine.runOnce()).isEqualTo(1000 * MS);

        time.advanceMillis(1000);
        engine.runOnce();

        assertThat(outcomes.byId).containsEntry("waiting", DeliveryFailure.DELIVERY_TIMEOUT)
                .containsEntry("in-flight", DeliveryFailure.DELIVERY_TIMEOUT);
        assertThat(outcomes.completed).containsExactlyInAnyOrder("waiting", "in-flight");
        // the late answer of the call changes nothing: one outcome per message
        calls.answer(0);
        assertThat(outcomes.outcomes).hasValue(2);
        assertThat(calls.ids).hasSize(1);
    }

    @Test
    void aCallerThatFillsABatchSendsItFromItsOwnThread() {
        BatchEngine engine = engine(2, 4, 60_000);

        submit(engine, "a", "b");

        // no step of the sender loop ran
        assertThat(calls.ids).containsExactly(List.of("a", "b"));
        assertThat(calls.threads).containsExactly(Thread.currentThread());
    }

    @Test
    void theThreadOfAnAnswerSendsTheNextReadyBatch() throws Exception {
        BatchEngine engine = engine(1, 1, 60_000);
        submit(engine, "a", "b");
        assertThat(calls.ids).containsExactly(List.of("a"));

        Thread answering = new Thread(() -> calls.answer(0), "answering");
        answering.start();
        answering.join(TimeUnit.MINUTES.toMillis(1));

        assertThat(calls.ids).containsExactly(List.of("a"), List.of("b"));
        assertThat(calls.threads.get(1)).isSameAs(answering);
    }

    @Test
    void aCallWithoutAnAnswerWithinRequestTimeoutIsEndedCancelledAndSentAgain() {
        BatchEngine engine = engine(1, 1, 60_000, Duration.ofMillis(200), Runnable::run);
        submit(engine, "a");
        // the loop sleeps until the call's deadline, not a tick
        assertThat(engine.runOnce()).isEqualTo(200 * MS);

        time.advanceMillis(200);
        engine.runOnce();

        assertThat(calls.answers.get(0)).isCancelled();
        assertThat(engine.inFlightBatches()).isZero();
        assertThat(engine.statistics().messagesResentAfterUnknownOutcome()).isEqualTo(1);
        assertSentAgainAfterTheBackoff(engine);
        calls.answer(1);
        assertThat(outcomes.byId).containsEntry("a", "OK");
        assertThat(outcomes.outcomes).hasValue(1);
    }

    @Test
    void theLoopDoesNotWakeForAnInFlightBatchWhoseMessagesAllHaveTheirOutcome() {
        BatchEngine engine = engine(1, 1, 400, Duration.ofSeconds(3), Runnable::run);
        submit(engine, "a");
        assertThat(engine.runOnce()).isEqualTo(400 * MS);

        time.advanceMillis(400);
        engine.runOnce();
        assertThat(outcomes.byId).containsEntry("a", DeliveryFailure.DELIVERY_TIMEOUT);

        // the call is still in flight: the loop sleeps until its requestTimeout, not 0
        assertThat(engine.runOnce()).isEqualTo(2600 * MS);
        assertThat(engine.inFlightBatches()).isEqualTo(1);
        // its late answer changes nothing
        calls.answer(0);
        assertThat(outcomes.byId).containsEntry("a", DeliveryFailure.DELIVERY_TIMEOUT);
        assertThat(outcomes.outcomes).hasValue(1);
        assertThat(engine.statistics().messagesSent()).isZero();
    }

    @Test
    void aCallRunsWithRequestTimeoutWhateverTheDeadlinesOfItsMessages() {
        BatchEngine engine = engine(2, 1, 100);
        submit(engine, "a", "b");
        time.advanceMillis(99);

        engine.runOnce();

        assertThat(calls.timeouts).containsExactly(REQUEST_TIMEOUT);
    }

    @Test
    void anExpiredMessageIsNotSent() {
        BatchEngine engine = engine(3, 1, 100);
        submit(engine, "old");
        time.advanceMillis(60);
        submit(engine, "fresh");
        time.advanceMillis(40);

        engine.runOnce();

        assertThat(outcomes.byId).containsEntry("old", DeliveryFailure.DELIVERY_TIMEOUT);
        // fresh waits for its batch timeout (50 ms from its arrival), then goes alone
        time.advanceMillis(10);
        engine.runOnce();
        assertThat(calls.ids).containsExactly(List.of("fresh"));
    }

    @Test
    void aRetryableEntryErrorIsSentAgainAloneAfterItsBackoff() {
        BatchEngine engine = engine(3, 1, 10_000);
        submit(engine, "a", "b", "c");
        engine.runOnce();
        calls.answer(0, new EntryError("b", "ThrottlingException", "slow down"));

        assertThat(outcomes.byId).containsEntry("a", "OK").containsEntry("c", "OK").doesNotContainKey("b");
        assertSentAgainAfterTheBackoff(engine);
        assertThat(calls.ids).containsExactly(List.of("a", "b", "c"), List.of("b"));
        calls.answer(1);

        assertThat(outcomes.byId).containsEntry("b", "OK");
        assertThat(engine.statistics().messagesRetried()).isEqualTo(1);
        assertThat(engine.statistics().messagesResentAfterUnknownOutcome()).isZero();
    }

    @Test
    void aRetryableFailureIsSentAgainAfterItsBackoffAndCountedWhenTheOutcomeWasUnknown() {
        BatchEngine engine = engine(1, 1, 10_000);
        submit(engine, "a");
        engine.runOnce();
        calls.fail(0, new SendFailure(SendFailure.Kind.RETRYABLE, "ApiCallTimeoutException", "timed out", true, null));

        assertSentAgainAfterTheBackoff(engine);
        calls.answer(1);

        assertThat(outcomes.byId).containsEntry("a", "OK");
        assertThat(engine.statistics().messagesRetried()).isEqualTo(1);
        assertThat(engine.statistics().messagesResentAfterUnknownOutcome()).isEqualTo(1);
    }

    @Test
    void aRetryThatWouldEndAfterTheDeadlineFailsNow() {
        BatchEngine engine = engine(1, 1, 50);
        submit(engine, "a");
        engine.runOnce();
        calls.fail(0, new SendFailure(SendFailure.Kind.RETRYABLE, "InternalFailureException", "boom", false, null));

        assertThat(outcomes.byId).containsEntry("a", DeliveryFailure.DELIVERY_TIMEOUT);
    }

    @Test
    void throttlingHalvesTheWindow() {
        BatchEngine engine = engine(1, 4, 60_000);
        submit(engine, "a", "b", "c", "d", "e");
        engine.runOnce();
        assertThat(calls.ids).hasSize(4);

        calls.fail(0, new SendFailure(SendFailure.Kind.THROTTLED, "ThrottlingException", "slow down", false, null));
        assertThat(engine.sendWindow()).isEqualTo(2);
        engine.runOnce();
        assertThat(calls.ids).hasSize(4);

        // a window of 2 with 2 calls in flight: no new call until one more answer
        calls.answer(1);
        engine.runOnce();
        assertThat(calls.ids).hasSize(4);
        assertThat(engine.inFlightBatches()).isEqualTo(2);
    }

    @Test
    void aThrottledCallsMessagesGoAgainAtOnceWhileTheNarrowedWindowHasAPlace() {
        BatchEngine engine = engine(1, 4, 60_000);
        submit(engine, "a", "b");
        assertThat(calls.ids).containsExactly(List.of("a"), List.of("b"));

        calls.fail(0, new SendFailure(SendFailure.Kind.THROTTLED, "ThrottlingException", "slow down", false, null));

        // no backoff of its own holds up its channel: the window (now 2, one call in flight) sets the pace
        assertThat(engine.sendWindow()).isEqualTo(2);
        assertThat(calls.ids).containsExactly(List.of("a"), List.of("b"), List.of("a"));
    }

    @Test
    void atOneCallAThrottledCallPausesNewCallsForItsBackoff() {
        BatchEngine engine = engine(1, 1, 60_000);
        submit(engine, "a");

        calls.fail(0, new SendFailure(SendFailure.Kind.THROTTLED, "ThrottlingException", "slow down", false, null));

        // the window cannot narrow below one call: it pauses for the backoff of one attempt (100 ms here)
        engine.runOnce();
        assertThat(calls.ids).hasSize(1);
        time.advanceMillis(100);
        engine.runOnce();
        assertThat(calls.ids).containsExactly(List.of("a"), List.of("a"));
    }

    @Test
    void aThrottledCallSentBeforeACutDoesNotLengthenThePause() {
        BatchEngine engine = engine(1, 2, 60_000);
        submit(engine, "a", "b");
        assertThat(calls.ids).hasSize(2);
        time.advanceMillis(1);

        // the first halves the window to one call; the second was sent before that: it says nothing new
        calls.fail(0, new SendFailure(SendFailure.Kind.THROTTLED, "ThrottlingException", "slow down", false, null));
        calls.fail(1, new SendFailure(SendFailure.Kind.THROTTLED, "ThrottlingException", "slow down", false, null));
        assertThat(engine.sendWindow()).isEqualTo(1);
        assertThat(calls.ids).hasSize(3);

        // at one call the next throttled call pauses for the backoff of the second cut in a row (200 ms here), not of
        // the third throttled call
        calls.fail(2, new SendFailure(SendFailure.Kind.THROTTLED, "ThrottlingException", "slow down", false, null));
        time.advanceMillis(199);
        engine.runOnce();
        assertThat(calls.ids).hasSize(3);
        time.advanceMillis(1);
        engine.runOnce();
        assertThat(calls.ids).hasSize(4);
    }

    @Test
    void theAnswerOfACallFreesItsPlaceBeforeAnyCompletionRuns() {
        List<Runnable> workerTasks = new ArrayList<>();
        BatchEngine engine = engine(1, 1, 60_000, workerTasks::add);
        submit(engine, "a", "b");
        engine.runOnce();
        calls.answer(0);

        // the outcome is recorded, its completion waits for a worker, and the place of the call is free
        assertThat(outcomes.byId).containsEntry("a", "OK");
        assertThat(outcomes.completed).isEmpty();
        engine.runOnce();
        assertThat(calls.ids).containsExactly(List.of("a"), List.of("b"));

        workerTasks.forEach(Runnable::run);
        assertThat(outcomes.completed).containsExactly("a");
    }

    @Test
    void anEntryErrorWithoutACodeFailsWithTheDefaultCode() {
        BatchEngine engine = engine(2, 1, 60_000);
        submit(engine, "a", "b");
        engine.runOnce();

        calls.answer(0, new EntryError("a", null, "no code"));

        assertThat(outcomes.byId).containsEntry("a", DeliveryFailure.UNKNOWN_ENTRY_ERROR).containsEntry("b", "OK");
    }

    @Test
    void whateverTheCallThrowsEachMessageGetsOneOutcome() {
        BatchEngine.Settings settings = new BatchEngine.Settings(1, 0, 1000, Long.MAX_VALUE, 2, 60_000 * MS,
                REQUEST_TIMEOUT, 1);
        AtomicInteger call = new AtomicInteger();
        BatchCall throwing = (channel, messages, timeout) -> {
            if (call.getAndIncrement() == 0) {
                throw new AssertionError("thrown by the call");
            }
            return CompletableFuture.failedFuture(new NoClassDefFoundError("failed in the call"));
        };
        BatchEngine engine = new BatchEngine(settings, throwing, time, attempt -> MS, Runnable::run);
        submit(engine, "a", "b");

        engine.runOnce();

        assertThat(outcomes.byId).containsEntry("a", "AssertionError").containsEntry("b", "NoClassDefFoundError");
        assertThat(outcomes.completed).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aListenerOrACompletionThatThrowsTouchesNoOtherMessage() {
        BatchEngine engine = engine(3, 1, 60_000);
        DeliveryListener throwsAtOnce = new DeliveryListener() {
            @Override
            public Runnable delivered(PendingMessage message) {
                throw new IllegalStateException("listener");
            }

            @Override
            public Runnable failed(PendingMessage message, DeliveryFailure failure) {
                throw new IllegalStateException("listener");
            }
        };
        DeliveryListener throwsLater = new DeliveryListener() {
            @Override
            public Runnable delivered(PendingMessage message) {
                return () -> {
                    throw new AssertionError("completion");
                };
            }

            @Override
            public Runnable failed(PendingMessage message, DeliveryFailure failure) {
                return delivered(message);
            }
        };
        engine.submit(List.of(new PendingMessage("c", "x", new byte[1], throwsAtOnce),
                new PendingMessage("c", "y", new byte[1], throwsLater),
                new PendingMessage("c", "z", new byte[1], outcomes)), 0);
        engine.runOnce();

        calls.answer(0);

        assertThat(outcomes.byId).containsExactly(Map.entry("z", "OK"));
        assertThat(outcomes.completed).containsExactly("z");
        assertThat(engine.statistics().messagesSent()).isEqualTo(3);
    }

    @Test
    void stopGivesEveryMessageItsOutcomeAndRunsEveryCompletionEvenWhenThePoolIsGone() {
        Executor gone = task -> {
            throw new RejectedExecutionException("shut down");
        };
        BatchEngine engine = engine(1, 1, 60_000, gone);
        submit(engine, "in-flight", "pending");
        engine.runOnce();

        engine.close(0);

        assertThat(outcomes.byId).containsEntry("in-flight", DeliveryFailure.PRODUCER_STOPPED)
                .containsEntry("pending", DeliveryFailure.PRODUCER_STOPPED);
        assertThat(outcomes.completed).containsExactlyInAnyOrder("in-flight", "pending");
        // a message that arrives after the stop fails at once, and is completed too
        submit(engine, "late");
        assertThat(outcomes.byId).containsEntry("late", DeliveryFailure.PRODUCER_STOPPED);
        assertThat(outcomes.completed).contains("late");
    }

    @Test
    void stopFlushesThePendingMessages() throws Exception {
        BatchCall answersAtOnce = (channel, messages, timeout) -> {
            calls.ids.add(messages.stream().map(PendingMessage::messageId).toList());
            return CompletableFuture.completedFuture(List.of());
        };
        BatchEngine.Settings settings = new BatchEngine.Settings(10, TimeUnit.DAYS.toNanos(1), 1000, Long.MAX_VALUE, 1,
                TimeUnit.DAYS.toNanos(1), REQUEST_TIMEOUT, 1);
        BatchEngine engine = new BatchEngine(settings, answersAtOnce, time, attempt -> MS, Runnable::run);
        engine.start(task -> new Thread(task, "test-sender").start());
        submit(engine, "a", "b");

        engine.close(TimeUnit.MINUTES.toNanos(1));

        assertThat(calls.ids).containsExactly(List.of("a", "b"));
        assertThat(outcomes.byId).containsEntry("a", "OK").containsEntry("b", "OK");
    }

    @Test
    void aRetryDuringTheFlushAtStopIsStillSent() throws Exception {
        BatchEngine.Settings settings = new BatchEngine.Settings(10, TimeUnit.DAYS.toNanos(1), 1000, Long.MAX_VALUE, 1,
                TimeUnit.DAYS.toNanos(1), REQUEST_TIMEOUT, 1);
        BatchEngine engine = new BatchEngine(settings, calls, time, attempt -> 0, Runnable::run);
        engine.start(task -> new Thread(task, "test-sender").start());
        submit(engine, "a");

        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> engine.close(TimeUnit.MINUTES.toNanos(1)));
        await().atMost(1, TimeUnit.MINUTES).until(() -> calls.ids.size() == 1);
        calls.fail(0, new SendFailure(SendFailure.Kind.RETRYABLE, "ServiceUnavailableException", "later", false, null));
        await().atMost(1, TimeUnit.MINUTES).until(() -> calls.ids.size() == 2);
        calls.answer(1);
        closed.get(1, TimeUnit.MINUTES);

        assertThat(outcomes.byId).containsEntry("a", "OK");
    }

    @Test
    void deadlinesHoldWhenTheClockWrapsAround() {
        time.advanceMillis(0);
        FakeTime nearWrap = new FakeTime(Long.MAX_VALUE - 10 * MS);
        BatchEngine.Settings settings = new BatchEngine.Settings(100, TimeUnit.DAYS.toNanos(1), 1000, Long.MAX_VALUE,
                1, TimeUnit.DAYS.toNanos(1), REQUEST_TIMEOUT, 1);
        BatchEngine engine = new BatchEngine(settings, calls, nearWrap, attempt -> MS, Runnable::run);
        submit(engine, "a");

        // neither sent (its batch waits a day) nor expired, and the sender sleeps a bounded, positive time
        assertThat(engine.runOnce()).isPositive();
        nearWrap.advanceMillis(20);
        engine.runOnce();
        assertThat(calls.ids).isEmpty();
        assertThat(outcomes.byId).isEmpty();

        nearWrap.advanceMillis(TimeUnit.DAYS.toMillis(1));
        engine.runOnce();
        assertThat(outcomes.byId).containsEntry("a", DeliveryFailure.DELIVERY_TIMEOUT);
    }
}
