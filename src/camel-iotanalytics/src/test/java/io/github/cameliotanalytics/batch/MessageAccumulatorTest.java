package io.github.cameliotanalytics.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MessageAccumulatorTest {

    private static final long DAY = TimeUnit.DAYS.toNanos(1);

    private static final DeliveryListener IGNORED = new DeliveryListener() {
        @Override
        public Runnable delivered(PendingMessage message) {
            return null;
        }

        @Override
        public Runnable failed(PendingMessage message, DeliveryFailure failure) {
            return null;
        }
    };

    private final FakeTime time = new FakeTime(0);

    private static PendingMessage message(String id) {
        return new PendingMessage("c", id, new byte[] { '1' }, IGNORED);
    }

    private MessageAccumulator accumulator(int batchSize, long batchTimeoutNanos, int maxMessages) {
        return new MessageAccumulator(time, batchSize, batchTimeoutNanos, DAY, maxMessages, Long.MAX_VALUE);
    }

    /** Appends from another thread, waiting for room as long as it takes (the fake clock does not move). */
    private static CompletableFuture<MessageAccumulator.Appended> appendInBackground(MessageAccumulator accumulator,
                                                                                    PendingMessage message) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return accumulator.append(message, Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void roomGoesToTheWaitingCallersInTheOrderTheyCame() throws Exception {
        MessageAccumulator accumulator = accumulator(1, 0, 2);
        accumulator.append(message("0"), 0);
        accumulator.append(message("1"), 0);
        CompletableFuture<MessageAccumulator.Appended> first = appendInBackground(accumulator, message("first"));
        await().atMost(1, TimeUnit.MINUTES).until(() -> accumulator.waitingCallers() == 1);
        CompletableFuture<MessageAccumulator.Appended> second = appendInBackground(accumulator, message("second"));
        await().atMost(1, TimeUnit.MINUTES).until(() -> accumulator.waitingCallers() == 2);

        // a newcomer does not overtake the line, even with no wait at all
        assertThat(accumulator.append(message("newcomer"), 0)).isEqualTo(MessageAccumulator.Appended.BUFFER_FULL);
        // room for one: the first in line gets it, the second keeps waiting
        assertThat(ids(accumulator.nextBatch(0, new ArrayList<>()))).containsExactly("0");
        assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo(MessageAccumulator.Appended.ACCEPTED_BATCH_READY);
        assertThat(second).isNotDone();
        assertThat(accumulator.waitingCallers()).isEqualTo(1);

        assertThat(ids(accumulator.nextBatch(0, new ArrayList<>()))).containsExactly("1");
        assertThat(second.get(1, TimeUnit.MINUTES)).isEqualTo(MessageAccumulator.Appended.ACCEPTED_BATCH_READY);
        assertThat(ids(accumulator.nextBatch(0, new ArrayList<>()))).containsExactly("first");
        assertThat(ids(accumulator.nextBatch(0, new ArrayList<>()))).containsExactly("second");
    }

    @Test
    void outcomesWaitingForAWorkerTakeRoomUntilTheyRun() throws Exception {
        MessageAccumulator accumulator = accumulator(1, 0, 1);
        accumulator.holdForOutcomes(1);
        assertThat(accumulator.append(message("a"), 0)).isEqualTo(MessageAccumulator.Appended.BUFFER_FULL);
        CompletableFuture<MessageAccumulator.Appended> waiting = appendInBackground(accumulator, message("b"));
        await().atMost(1, TimeUnit.MINUTES).until(() -> accumulator.waitingCallers() == 1);

        accumulator.outcomesTaken(1);

        assertThat(waiting.get(1, TimeUnit.MINUTES)).isEqualTo(MessageAccumulator.Appended.ACCEPTED_BATCH_READY);
    }

    @Test
    void aPayloadLargerThanTheBufferIsRefusedAtOnce() throws Exception {
        MessageAccumulator accumulator = new MessageAccumulator(time, 1, 0, DAY, 10, 4);
        PendingMessage large = new PendingMessage("c", "big", new byte[5], IGNORED);

        assertThat(accumulator.append(large, Long.MAX_VALUE)).isEqualTo(MessageAccumulator.Appended.NEVER_FITS);
    }

    @Test
    void aWaitingCallerGivesUpAtItsDeadline() throws Exception {
        MessageAccumulator accumulator = accumulator(1, 0, 1);
        accumulator.append(message("0"), 0);

        assertThat(accumulator.append(message("1"), time.nanoTime() - 1)).isEqualTo(MessageAccumulator.Appended.BUFFER_FULL);
        assertThat(accumulator.waitingCallers()).isZero();
    }

    @Test
    void closingReleasesBlockedCallers() throws Exception {
        MessageAccumulator accumulator = accumulator(100, TimeUnit.SECONDS.toNanos(60), 1);
        accumulator.append(message("0"), 0);
        CompletableFuture<MessageAccumulator.Appended> blocked = appendInBackground(accumulator, message("1"));
        await().atMost(1, TimeUnit.MINUTES).until(() -> accumulator.waitingCallers() == 1);

        accumulator.close();

        assertThat(blocked.get(1, TimeUnit.MINUTES)).isEqualTo(MessageAccumulator.Appended.CLOSED);
    }

    @Test
    void aBatchIsReadyWhenFullOrWhenItsOldestMessageWaitedBatchTimeout() throws Exception {
        MessageAccumulator accumulator = accumulator(3, TimeUnit.MILLISECONDS.toNanos(50), 100);
        accumulator.append(message("a"), 0);
        accumulator.append(message("b"), 0);
        assertThat(accumulator.nextBatch(time.nanoTime(), new ArrayList<>())).isNull();
        assertThat(accumulator.nanosUntilWork(time.nanoTime(), true)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));

        time.advanceMillis(50);

        assertThat(ids(accumulator.nextBatch(time.nanoTime(), new ArrayList<>()))).containsExactly("a", "b");
    }

    @Test
    void aPartialBatchIsReadyAtOnceWhileCallersWaitForRoom() throws Exception {
        MessageAccumulator accumulator = accumulator(100, TimeUnit.SECONDS.toNanos(60), 2);
        accumulator.append(message("a"), 0);
        accumulator.append(message("b"), 0);
        assertThat(accumulator.nextBatch(time.nanoTime(), new ArrayList<>())).isNull();
        CompletableFuture<MessageAccumulator.Appended> blocked = appendInBackground(accumulator, message("c"));
        await().atMost(1, TimeUnit.MINUTES).until(() -> accumulator.waitingCallers() == 1);

        // the clock has not moved: the batch timeout is far off, the full buffer makes the batch ready
        assertThat(accumulator.nanosUntilWork(time.nanoTime(), true)).isZero();
        assertThat(ids(accumulator.nextBatch(time.nanoTime(), new ArrayList<>()))).containsExactly("a", "b");
        assertThat(blocked.get(1, TimeUnit.MINUTES)).isEqualTo(MessageAccumulator.Appended.ACCEPTED);
        // nobody waits any more: the lone message waits for its batch to fill or time out
        assertThat(accumulator.nextBatch(time.nanoTime(), new ArrayList<>())).isNull();
        assertThat(accumulator.nanosUntilWork(time.nanoTime(), true)).isEqualTo(TimeUnit.SECONDS.toNanos(60));
    }

    @Test
    void aRepeatedMessageIdWaitsForALaterBatchInItsOrder() throws Exception {
        MessageAccumulator accumulator = accumulator(10, 0, 100);
        for (String id : List.of("a", "b", "a", "c", "a", "b")) {
            accumulator.append(message(id), 0);
        }
        List<PendingMessage> expired = new ArrayList<>();
        assertThat(ids(accumulator.nextBatch(0, expired))).containsExactly("a", "b", "c");
        assertThat(ids(accumulator.nextBatch(0, expired))).containsExactly("a", "b");
        assertThat(ids(accumulator.nextBatch(0, expired))).containsExactly("a");
        assertThat(accumulator.pendingMessages()).isZero();
    }

    private static List<String> ids(Batch batch) {
        return batch.messages().stream().map(PendingMessage::messageId).toList();
    }
}
