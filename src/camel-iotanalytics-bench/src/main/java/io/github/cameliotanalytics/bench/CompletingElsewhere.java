package io.github.cameliotanalytics.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * The producer of {@code camel-async-floor}: it completes every exchange from a thread of its own, {@value #GROUP} at
 * a time, the way the thread that handles a BatchPutMessage answer completes the exchanges of its batch.
 * <p>
 * What it measures, beyond {@code camel-floor}: Camel's cost to complete an exchange on a thread other than the one
 * that sent it ({@code callback.done(false)}: the unit of work, the template's future and the callbacks chained on it,
 * on the completer; and on the sender, {@code process} returning {@code false}), plus one wake-up of the completer at
 * most per {@value #GROUP} exchanges, as an answer's arrival wakes one thread per call.
 * <p>
 * What it does not: any lock or shared atomic in the senders' path. Each sender thread appends to a ring of its own
 * (one writer, the sender; one reader, the completer; a volatile index each), so senders never contend with one
 * another; the only shared state they touch is a read of the completer's {@code idle} flag per exchange (written only
 * between runs), of its {@code asleep} flag when their ring holds a full group, and the one-time registration of their ring (a copy-on-write list, once per sender thread). Nor does it
 * measure a network, batching or a timer per call. A sender whose ring is full (the completer a whole ring behind it)
 * waits until half of it is free, and the completer wakes it then: at most one wake-up per {@value #ROOM} exchanges of
 * a sender, where a buffer that admits each waiter as soon as one slot is free would cost one per exchange.
 * <p>
 * The completer takes only full groups while there are any, and sleeps when there are none; after a sleep of
 * {@value #FLUSH_MILLIS} ms with no full group (the end of a run) it completes the partial groups too, as
 * {@code batchTimeout} sends a partial batch; with every ring empty it then sleeps until a sender's next exchange wakes
 * it.
 * <p>
 * Threads: each ring's {@code tail} and the slots past it are its sender's; {@code head} and the slots before
 * {@code tail} are the completer's.
 */
final class CompletingElsewhere extends DefaultAsyncProducer {

    /** The exchanges one answer completes: a full batch. */
    static final int GROUP = 100;
    /**
     * The exchanges a sender may have waiting for the completer: 16 senders hold at most 4,096, a few times the
     * component's default {@code maxPendingMessages}, so that the exchanges alive at once (which each young collection
     * copies) stay of the same order as the component's.
     */
    static final int RING = 256;
    /** A sender whose ring is full waits until this many slots are free again, so that it is woken seldom. */
    static final int ROOM = RING / 2;
    /** The longest a waiting sender sleeps without being woken (a safety net: the completer wakes it). */
    static final long WAIT_MILLIS = 10;
    static final long FLUSH_MILLIS = 1;
    /** The name of the completing thread. */
    static final String COMPLETER = "async-floor-completer";

    /** One sender's exchanges waiting for the completer. */
    private static final class Ring {
        final Thread owner = Thread.currentThread();
        final AsyncCallback[] slots = new AsyncCallback[RING];
        /** The next slot the sender writes; written by the sender only. */
        volatile long tail;
        /** The next slot the completer reads; written by the completer only. */
        volatile long head;
        /** Whether the sender waits for room; set by the sender, cleared by whichever thread wakes it. */
        volatile boolean waiting;
    }

    private final List<Ring> rings = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Ring> ownRing = ThreadLocal.withInitial(this::register);
    private volatile boolean asleep;
    /** Whether the completer sleeps with every ring empty, until a sender's next exchange wakes it. */
    private volatile boolean idle;
    private volatile boolean running;
    private Thread completer;

    CompletingElsewhere(Endpoint endpoint) {
        super(endpoint);
    }

    private Ring register() {
        Ring ring = new Ring();
        rings.add(ring);
        return ring;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        completer = new Thread(this::complete, COMPLETER);
        completer.setDaemon(true);
        completer.start();
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        LockSupport.unpark(completer);
        completer.join();
        // whatever the completer left: completed here, so that no sender waits for ever
        for (Ring ring : rings) {
            take(ring, Integer.MAX_VALUE);
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Ring ring = ownRing.get();
        long tail = ring.tail;
        if (tail - ring.head >= RING) {
            awaitRoom(ring, tail);
        }
        ring.slots[(int) (tail % RING)] = callback;
        ring.tail = tail + 1;
        // a group just became full: the completer checked every ring before it fell asleep, so this is the one to wake it
        if (tail + 1 - ring.head == GROUP && asleep || idle) {
            asleep = false;
            idle = false;
            LockSupport.unpark(completer);
        }
        return false;
    }

    /** Waits until {@value #ROOM} slots of the sender's full ring are free; the completer wakes it then. */
    private static void awaitRoom(Ring ring, long tail) {
        ring.waiting = true;
        while (tail - ring.head > RING - ROOM) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS));
        }
        ring.waiting = false;
    }

    private void complete() {
        boolean slept = false;
        while (running) {
            boolean full = false;
            for (Ring ring : rings) {
                while (ring.tail - ring.head >= GROUP) {
                    take(ring, GROUP);
                    full = true;
                }
            }
            if (full) {
                slept = false;
                continue;
            }
            if (slept) {
                // a whole sleep and still no full group: the partial ones go now
                flushAndForget();
                if (sleepWhileEmpty()) {
                    slept = false;
                    continue;
                }
            }
            asleep = true;
            if (anyFull()) {
                asleep = false;
                continue;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS));
            asleep = false;
            slept = true;
        }
    }

    /**
     * Sleeps without a timeout while every ring is empty (between runs: no timer ticks in the other cases' rounds); a
     * sender's next exchange wakes it. Returns whether it slept.
     */
    private boolean sleepWhileEmpty() {
        idle = true;
        for (Ring ring : rings) {
            if (ring.tail != ring.head) {
                idle = false;
                return false;
            }
        }
        while (idle && running) {
            LockSupport.park(this);
        }
        idle = false;
        return true;
    }

    private void flushAndForget() {
        for (Ring ring : rings) {
            take(ring, Integer.MAX_VALUE);
            if (!ring.owner.isAlive() && ring.tail == ring.head) {
                // a sender of a past run: its ring is empty for good
                rings.remove(ring);
            }
        }
    }

    private boolean anyFull() {
        for (Ring ring : rings) {
            if (ring.tail - ring.head >= GROUP) {
                return true;
            }
        }
        return false;
    }

    /** Completes up to {@code most} of a ring's exchanges, in the order they came. */
    private static void take(Ring ring, int most) {
        long head = ring.head;
        long end = Math.min(ring.tail, head + most);
        for (long i = head; i < end; i++) {
            int slot = (int) (i % RING);
            AsyncCallback callback = ring.slots[slot];
            ring.slots[slot] = null;
            callback.done(false);
        }
        ring.head = end;
        if (ring.waiting && ring.tail - end <= RING - ROOM) {
            ring.waiting = false;
            LockSupport.unpark(ring.owner);
        }
    }
}
