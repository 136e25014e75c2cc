package io.github.cameliotanalytics;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.github.cameliotanalytics.batch.BatchEngine;
import io.github.cameliotanalytics.batch.CallGroup;
import io.github.cameliotanalytics.batch.DeliveryFailure;
import io.github.cameliotanalytics.batch.DeliveryListener;
import io.github.cameliotanalytics.batch.PendingMessage;
import io.github.cameliotanalytics.batch.Time;
import io.github.cameliotanalytics.spool.Spool;
import io.github.cameliotanalytics.spool.SpoolRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an endpoint's spool to the service through its {@link BatchEngine}, oldest first (the messages of one order
 * key in spool order: {@link OrderedLanes}), and acknowledges each message once delivered or given up (refused by the service for good, or older than {@code spoolRetention}: then it
 * goes to the {@link DeadLetters}). A message whose delivery failed for any other reason (the engine gave up after
 * deliveryTimeout: throttling, 5xx, I/O, a refused call) is sent again, before any newer one, after a pause that
 * doubles from {@link #FIRST_PAUSE_NANOS} up to {@code spoolMaxRetryDelay} while the failures go on; after a pause one
 * batch goes first (a probe), and the first delivery brings the forwarder back to full speed.
 * <p>
 * Threads: {@link #run} is the forwarder's own thread, the only one that reads the spool and submits; the outcomes come
 * on the engine's threads ({@link Forwarded}), which only count, acknowledge, put a message back in its lane and wake
 * the forwarder when it waits for them. The lanes hold at most {@code maxHeld} messages read from the spool; the
 * engine holds what it takes, within its own bounds (maxPendingMessages waiting, maxPendingBytes in all), as it would
 * for the producers: a submit waits for room there.
 */
final class SpoolForwarder implements Runnable {

    /** The first pause after a failed delivery. */
    static final long FIRST_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest the forwarder sleeps without news, so that it measures its forward rate about once a second. */
    private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The pause after an unexpected failure of the forwarder itself (reading the spool, say). */
    private static final long FAILURE_PAUSE_MILLIS = 5000;
    /** The error code of a spooled message given up after spoolRetention. */
    static final String RETENTION_EXPIRED = "SpoolRetentionExpired";

    private static final Logger LOG = LoggerFactory.getLogger(SpoolForwarder.class);

    private final Spool spool;
    private final BatchEngine engine;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final Time time;
    private final int batchSize;
    private final int maxHeld;
    private final long retentionMillis;
    private final long maxPauseNanos;
    private final long maxBlockNanos;

    /** Messages submitted to the engine without an outcome yet. */
    private final AtomicInteger inEngine = new AtomicInteger();
    /** Messages read and not in the engine: new ones, and failed ones to send again. */
    private final OrderedLanes lanes;
    private final LongAdder forwarded = new LongAdder();

    /** Guarded by this: the failed rounds in a row (0: full speed), and the end of the current pause. */
    private int failedRounds;
    private long pausedUntil;
    private boolean paused;

    private volatile Thread thread;
    private volatile boolean waiting;
    private volatile boolean running = true;

    /** Owned by the forwarder thread: the last sample of the forward rate. */
    private long rateSampledAt;
    private long rateSampledCount;
    private volatile double forwardRate;

    SpoolForwarder(Spool spool, BatchEngine engine, DeadLetters deadLetters, Clock clock, Time time, int batchSize,
                   int maxHeld, long retentionMillis, long maxPauseMillis, long maxBlockMillis) {
        this.spool = spool;
        this.engine = engine;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.time = time;
        this.batchSize = batchSize;
        this.maxHeld = Math.max(batchSize, maxHeld);
        this.retentionMillis = retentionMillis;
        this.maxPauseNanos = TimeUnit.MILLISECONDS.toNanos(maxPauseMillis);
        this.maxBlockNanos = TimeUnit.MILLISECONDS.toNanos(maxBlockMillis);
        this.rateSampledAt = time.nanoTime();
        this.lanes = new OrderedLanes(batchSize, this::wake);
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        while (running) {
            try {
                forwardOnce();
            } catch (InterruptedException e) {
                // the endpoint stops
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // nothing is lost: what was not acknowledged stays in the spool; the forwarder tries again later
                LOG.error("The spool forwarder failed; it goes on in {} ms", FAILURE_PAUSE_MILLIS, e);
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(FAILURE_PAUSE_MILLIS));
                if (Thread.interrupted()) {
                    return;
                }
            }
        }
    }

    /** One step of the forwarder thread: wait for a pause or for room, or submit the next messages. */
    private void forwardOnce() throws IOException, InterruptedException {
        long now = time.nanoTime();
        sampleRate(now);
        long pause = pauseLeft(now);
        if (pause > 0) {
            sleep(pause, () -> true);
            return;
        }
        boolean probing = probing();
        if (probing && inEngine.get() > 0) {
            // a probe goes alone: the next one waits for its outcome
            sleep(IDLE_WAIT_NANOS, () -> inEngine.get() > 0);
            return;
        }
        int room = maxHeld - lanes.held();
        if (room > 0) {
            // no wait while held messages may become free to go: their lane's group is answered meanwhile
            lanes.add(spool.read(room, lanes.held() > 0 ? 0 : IDLE_WAIT_NANOS));
        }
        List<OrderedLanes.Taken> taken = lanes.take(probing ? batchSize : Integer.MAX_VALUE);
        if (taken.isEmpty()) {
            if (lanes.held() > 0 || room <= 0) {
                sleep(IDLE_WAIT_NANOS, () -> !lanes.anyReady());
            }
            return;
        }
        for (OrderedLanes.Taken group : taken) {
            submit(group);
        }
    }

    private void submit(OrderedLanes.Taken taken) {
        long nowMillis = clock.millis();
        List<SpoolRecord> current = new ArrayList<>(taken.records().size());
        for (SpoolRecord record : taken.records()) {
            if (nowMillis - record.appendedAtMillis() > retentionMillis) {
                deadLetters.add(record, RETENTION_EXPIRED,
                        "Not delivered within spoolRetention (" + retentionMillis + " ms) of being spooled");
                spool.acknowledge(record.sequence());
                taken.group().resolved(record, false);
            } else {
                current.add(record);
            }
        }
        // the messages of a key go in one call: two calls in flight at once could be stored in either order
        CallGroup oneCall = taken.group().ordered() ? new CallGroup(current.size()) : null;
        List<PendingMessage> messages = new ArrayList<>(current.size());
        for (SpoolRecord record : current) {
            // a message sent again never overtakes a first copy still under way
            messages.add(new PendingMessage(record.channelName(), record.messageId(), record.payload(),
                    new Forwarded(record, taken.group())).waitForAnswer().inCallWith(oneCall));
        }
        inEngine.addAndGet(messages.size());
        if (oneCall != null) {
            engine.submitGroup(messages, maxBlockNanos);
        } else {
            engine.submit(messages, maxBlockNanos);
        }
    }

    /**
     * Parks the forwarder thread for up to {@code nanos}, or until an outcome wakes it. The condition is read again
     * after {@link #waiting} is set, so that an outcome that came just before is not missed: it either sees the flag
     * and wakes this thread, or its count is seen here.
     */
    private void sleep(long nanos, BooleanSupplier stillWaiting) throws InterruptedException {
        waiting = true;
        try {
            if (stillWaiting.getAsBoolean()) {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            waiting = false;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private void wake() {
        Thread forwarder = thread;
        if (waiting && forwarder != null) {
            LockSupport.unpark(forwarder);
        }
    }

    private synchronized long pauseLeft(long now) {
        if (paused && pausedUntil - now > 0) {
            return pausedUntil - now;
        }
        paused = false;
        return 0;
    }

    private synchronized boolean probing() {
        return failedRounds > 0;
    }

    /** A delivery failed for a reason that may pass: the first such failure of a round starts a longer pause. */
    private synchronized void failedRound() {
        if (paused) {
            return;
        }
        failedRounds++;
        long pause = Math.min(maxPauseNanos, FIRST_PAUSE_NANOS << Math.min(failedRounds - 1, 30));
        pausedUntil = time.nanoTime() + pause;
        paused = true;
        LOG.info("Spooled messages were not delivered ({} round(s) in a row): the forwarder pauses for {} ms",
                failedRounds, TimeUnit.NANOSECONDS.toMillis(pause));
    }

    private synchronized void delivered() {
        if (failedRounds > 0) {
            LOG.info("Spooled messages are delivered again after {} failed round(s)", failedRounds);
            failedRounds = 0;
            paused = false;
        }
    }

    private void sampleRate(long now) {
        long elapsed = now - rateSampledAt;
        if (elapsed >= IDLE_WAIT_NANOS) {
            long count = forwarded.sum();
            forwardRate = (count - rateSampledCount) * 1e9 / elapsed;
            rateSampledCount = count;
            rateSampledAt = now;
        }
    }

    /** Stops submitting: called before the engine closes; the forwarder thread is the caller's to interrupt. */
    void stop() {
        running = false;
        Thread forwarder = thread;
        if (forwarder != null) {
            LockSupport.unpark(forwarder);
        }
    }

    long forwardedMessages() {
        return forwarded.sum();
    }

    /** Messages delivered per second, over about the last second. */
    double forwardRate() {
        return forwardRate;
    }

    /** Messages read from the spool and waiting to be sent (again). */
    int heldMessages() {
        return lanes.held();
    }

    /** The outcome of one forwarded message, learned on an engine thread. */
    private final class Forwarded implements DeliveryListener {

        private final SpoolRecord record;
        private final OrderedLanes.Group group;

        Forwarded(SpoolRecord record, OrderedLanes.Group group) {
            this.record = record;
            this.group = group;
        }

        @Override
        public Runnable delivered(PendingMessage message) {
            spool.acknowledge(record.sequence());
            forwarded.increment();
            SpoolForwarder.this.delivered();
            inEngine.decrementAndGet();
            group.resolved(record, false);
            wake();
            return null;
        }

        @Override
        public Runnable failed(PendingMessage message, DeliveryFailure failure) {
            if (failure.entryError()) {
                // the service refused this message for good: written to the dead letters on a worker, then let go
                return () -> {
                    deadLetters.add(record, failure.errorCode(), failure.errorMessage());
                    spool.acknowledge(record.sequence());
                    inEngine.decrementAndGet();
                    group.resolved(record, false);
                    wake();
                };
            }
            // kept in memory until sent again; at a stop it stays in the spool only, and is read at the next start
            boolean retry = !DeliveryFailure.PRODUCER_STOPPED.equals(failure.errorCode());
            if (retry && !DeliveryFailure.BUFFER_FULL.equals(failure.errorCode())) {
                failedRound();
            }
            inEngine.decrementAndGet();
            group.resolved(record, retry);
            wake();
            return null;
        }
    }
}
