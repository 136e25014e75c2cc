package io.github.cameliotanalytics.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MessageAccumulatorTest {

    private static final DeliveryListener IGNORED = new DeliveryListener() {
        @Override
        public void delivered(PendingMessage message) {
        }

        @Override
        public void failed(PendingMessage message, DeliveryFailure failure) {
        }
    };

    private static PendingMessage message(int n) {
        return new PendingMessage("c", "m" + n, new byte[] { '1' }, TimeUnit.MINUTES.toNanos(5), IGNORED);
    }

    @Test
    void blockedCallersGetInOnceTheBufferIsDownToThreeQuarters() throws Exception {
        MessageAccumulator accumulator = new MessageAccumulator(2, 0, 8, Long.MAX_VALUE);
        for (int i = 0; i < 8; i++) {
            assertThat(accumulator.append(message(i), 0)).isEqualTo(MessageAccumulator.Appended.ACCEPTED);
        }
        assertThat(accumulator.append(message(8), 0)).isEqualTo(MessageAccumulator.Appended.BUFFER_FULL);

        CompletableFuture<MessageAccumulator.Appended> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return accumulator.append(message(9), TimeUnit.MINUTES.toNanos(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<PendingMessage> expired = new ArrayList<>();
        // two batches of 2: the buffer goes from 8 to 4 messages, below the 6 at which blocked callers are woken
        assertThat(accumulator.nextBatch(0, expired).messages()).hasSize(2);
        assertThat(accumulator.nextBatch(0, expired).messages()).hasSize(2);

        assertThat(blocked.get(1, TimeUnit.MINUTES)).isEqualTo(MessageAccumulator.Appended.ACCEPTED);
        assertThat(accumulator.pendingMessages()).isEqualTo(5);
        assertThat(expired).isEmpty();
    }

    @Test
    void everyBlockedCallerGetsASlotOfTheRoomOfOneBatch() throws Exception {
        MessageAccumulator accumulator = new MessageAccumulator(4, 0, 8, Long.MAX_VALUE);
        for (int i = 0; i < 8; i++) {
            accumulator.append(message(i), 0);
        }
        List<CompletableFuture<MessageAccumulator.Appended>> blocked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = 10 + i;
            blocked.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return accumulator.append(message(n), TimeUnit.MINUTES.toNanos(5));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        await().atMost(1, TimeUnit.MINUTES).until(() -> accumulator.waitingCallers() == 4);

        // one batch of 4 frees 4 slots at once: all 4 waiting callers are woken, not only those of the slots freed
        // below the three quarters mark, and the slots are theirs: a caller that was not waiting does not get one
        assertThat(accumulator.nextBatch(0, new ArrayList<>()).messages()).hasSize(4);
        assertThat(accumulator.append(message(20), 0)).isEqualTo(MessageAccumulator.Appended.BUFFER_FULL);

        for (CompletableFuture<MessageAccumulator.Appended> caller : blocked) {
            assertThat(caller.get(1, TimeUnit.MINUTES)).isEqualTo(MessageAccumulator.Appended.ACCEPTED);
        }
        assertThat(accumulator.pendingMessages()).isEqualTo(8);
    }

    @Test
    void closingReleasesBlockedCallers() throws Exception {
        MessageAccumulator accumulator = new MessageAccumulator(100, TimeUnit.SECONDS.toNanos(60), 1, Long.MAX_VALUE);
        accumulator.append(message(0), 0);
        CompletableFuture<MessageAccumulator.Appended> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return accumulator.append(message(1), TimeUnit.MINUTES.toNanos(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        accumulator.close();
        assertThat(blocked.get(1, TimeUnit.MINUTES)).isEqualTo(MessageAccumulator.Appended.CLOSED);
    }

    @Test
    void aRepeatedMessageIdWaitsForALaterBatchInItsOrder() throws Exception {
        MessageAccumulator accumulator = new MessageAccumulator(10, 0, 100, Long.MAX_VALUE);
        for (String id : List.of("a", "b", "a", "c", "a", "b")) {
            accumulator.append(new PendingMessage("c", id, new byte[] { '1' }, TimeUnit.MINUTES.toNanos(5), IGNORED), 0);
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
