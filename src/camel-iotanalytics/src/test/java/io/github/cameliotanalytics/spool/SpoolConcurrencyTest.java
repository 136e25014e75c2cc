package io.github.cameliotanalytics.spool;

import static io.github.cameliotanalytics.spool.SpoolFixture.CHANNEL;
import static io.github.cameliotanalytics.spool.SpoolFixture.payload;
import static io.github.cameliotanalytics.spool.SpoolFixture.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many appending threads, one reader, and the close. */
class SpoolConcurrencyTest {

    private static final int THREADS = 16;
    private static final int PER_THREAD = 500;

    private final SpoolFixture fixture = new SpoolFixture();

    @TempDir
    Path directory;

    @Test
    void concurrentAppendsGetOneCallbackEachAndComeBackInSequenceOrder() throws Exception {
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        ExecutorService appenders = Executors.newFixedThreadPool(THREADS);
        try (Spool spool = fixture.open(directory, 1L << 30, 64 * 1024, SpoolFullStrategy.reject)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(appenders.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        String id = id(thread, i);
                        Outcome outcome = new Outcome();
                        outcomes.put(id, outcome);
                        spool.append(CHANNEL, id, null, payload(i, 200), outcome);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> outcomes.values().stream().allMatch(outcome -> outcome.calls.get() > 0));

            List<SpoolRecord> records = readAll(spool);

            assertThat(outcomes).hasSize(THREADS * PER_THREAD);
            assertThat(outcomes.values()).allSatisfy(outcome -> {
                assertThat(outcome.calls.get()).isEqualTo(1);
                assertThat(outcome.failure.get()).isNull();
            });
            assertThat(records).hasSize(THREADS * PER_THREAD);
            Map<Integer, Integer> lastPerThread = new HashMap<>();
            long previous = 0;
            for (SpoolRecord record : records) {
                assertThat(record.sequence()).isGreaterThan(previous);
                previous = record.sequence();
                assertThat(outcomes.get(record.messageId()).sequence).hasValue(record.sequence());
                int thread = Integer.parseInt(record.messageId().substring(4, 6));
                int index = Integer.parseInt(record.messageId().substring(7));
                assertThat(index).as("order of thread %d", thread).isGreaterThan(lastPerThread.getOrDefault(thread, -1));
                lastPerThread.put(thread, index);
            }
        } finally {
            appenders.shutdownNow();
        }
    }

    @Test
    void closeCompletesEveryPendingAppendAndEndsTheWriterThread() throws Exception {
        Spool spool = fixture.open(directory, 1L << 30, 64 * 1024, SpoolFullStrategy.reject);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Outcome outcome = new Outcome();
            outcomes.add(outcome);
            spool.append(CHANNEL, id(0, i), null, payload(i, 200), outcome);
        }
        spool.close();

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.calls.get()).isEqualTo(1));
        assertThat(fixture.threads).isNotEmpty().allSatisfy(thread -> assertThat(thread.isAlive()).isFalse());

        Outcome late = new Outcome();
        spool.append(CHANNEL, id(0, 2000), null, payload(2000, 200), late);
        assertThat(late.calls.get()).isEqualTo(1);
        assertThat(late.failure.get()).isInstanceOf(IOException.class).hasMessageContaining("spool closed");

        long appended = outcomes.stream().filter(outcome -> outcome.failure.get() == null).count();
        try (Spool reopened = fixture.open(directory)) {
            assertThat(readAll(reopened)).hasSize((int) appended);
        }
    }

    @Test
    void closeWakesABlockedRead() throws Exception {
        Spool spool = fixture.open(directory);
        AtomicReference<List<SpoolRecord>> result = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                result.set(spool.read(10, TimeUnit.MINUTES.toNanos(10)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> reader.getState() == Thread.State.TIMED_WAITING);

        spool.close();
        reader.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(reader.isAlive()).isFalse();
        assertThat(result.get()).isEmpty();
        assertThat(spool.read(10, TimeUnit.MINUTES.toNanos(10))).isEmpty();
    }

    @Test
    void aWaitingReadReturnsTheRecordAppendedMeanwhile() throws Exception {
        try (Spool spool = fixture.open(directory)) {
            AtomicReference<List<SpoolRecord>> result = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    result.set(spool.read(10, TimeUnit.MINUTES.toNanos(10)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            reader.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.getState() == Thread.State.TIMED_WAITING);

            SpoolFixture.appendAndWait(spool, 1, 200);
            reader.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(result.get()).extracting(SpoolRecord::sequence).containsExactly(1L);
        }
    }

    /** 40 characters: "msg-", the thread in 2 digits, "-", the index in 33 digits. */
    private static String id(int thread, int index) {
        return String.format("msg-%02d-%033d", thread, index);
    }

    private static final class Outcome implements AppendCallback {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Long> sequence = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        @Override
        public void appended(long value) {
            sequence.set(value);
            calls.incrementAndGet();
        }

        @Override
        public void failed(Throwable cause) {
            failure.set(cause);
            calls.incrementAndGet();
        }
    }
}
