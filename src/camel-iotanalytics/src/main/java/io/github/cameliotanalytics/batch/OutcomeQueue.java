package io.github.cameliotanalytics.batch;

import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completions the engine owes its callers (route continuations), run by at most {@code maxWorkers} long-lived
 * workers on the worker pool. The completions of one answer are queued together and taken one at a time by whichever
 * worker is free (one atomic increment each, no queue node), so that a slow completion holds only its own worker; the
 * room they held in the buffer is given back in one step when the last of them is taken.
 * <p>
 * A worker drains the queue, then parks for up to {@link #LINGER_NANOS} before it leaves the pool: an answer that finds
 * a parked worker wakes that one ({@link LockSupport#unpark}), not a new pool task, and an answer that finds every
 * worker busy wakes nobody (the busy ones take its completions when they are done). A new task goes to the pool only
 * when no worker is parked and fewer than {@code maxWorkers} run.
 * <p>
 * The queue is the engine's, not the pool's: a completion the pool refuses or drops at shutdown stays here, is offered
 * again by the sender loop, and is run by the stopping thread at the latest ({@link #runAllHere}). A completion that
 * throws anything is logged and touches no other.
 */
final class OutcomeQueue {

    /** How long an idle worker waits for the next answer before it gives its thread back to the pool. */
    static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeQueue.class);

    private final Queue<Chunk> queue = new ConcurrentLinkedQueue<>();
    /** The workers running, parked ones included. */
    private final AtomicInteger workers = new AtomicInteger();
    /** The parked workers; whoever removes one from here owns the right to wake it. */
    private final Deque<Thread> parked = new ConcurrentLinkedDeque<>();
    private final Executor pool;
    private final int maxWorkers;
    private final IntConsumer onTaken;
    private volatile boolean closed;

    /** The completions of one answer; each is taken once, by the worker that claims its index. */
    private static final class Chunk {
        final List<Runnable> completions;
        final AtomicInteger next = new AtomicInteger();

        Chunk(List<Runnable> completions) {
            this.completions = completions;
        }
    }

    /**
     * @param onTaken told, when the last completion of an answer was taken, how many it had (it gives back the room
     *                they held)
     */
    OutcomeQueue(Executor pool, int maxWorkers, IntConsumer onTaken) {
        this.pool = pool;
        this.maxWorkers = maxWorkers;
        this.onTaken = onTaken;
    }

    /** Queues the completions of one answer, and wakes a parked worker or starts one if none is parked. */
    void addAll(List<Runnable> completions) {
        queue.add(new Chunk(completions));
        startWorker();
    }

    /** Wakes a parked worker, or starts one more if there is work and fewer than {@code maxWorkers} run. */
    void startWorker() {
        if (queue.isEmpty()) {
            return;
        }
        Thread idle = parked.pollFirst();
        if (idle != null) {
            LockSupport.unpark(idle);
            return;
        }
        while (!queue.isEmpty()) {
            int running = workers.get();
            if (running >= maxWorkers) {
                return;
            }
            if (workers.compareAndSet(running, running + 1)) {
                Thread starter = Thread.currentThread();
                try {
                    pool.execute(() -> work(starter));
                } catch (Throwable refused) {
                    // the pool is full or shut down: the completions stay queued for a later offer or the stop
                    workers.decrementAndGet();
                }
                return;
            }
        }
    }

    /**
     * A worker: drains the queue, parks while it is empty, leaves when it stayed empty for the linger time. An
     * executor that runs it on the thread that started it (a caller's own executor may) gets no lingering worker.
     */
    private void work(Thread starter) {
        Thread self = Thread.currentThread();
        try {
            while (true) {
                runQueued();
                if (closed || self == starter) {
                    return;
                }
                parked.addFirst(self);
                if (!queue.isEmpty() && parked.remove(self)) {
                    // an answer came while this worker was on its way to park and found it not parked yet
                    continue;
                }
                LockSupport.parkNanos(this, LINGER_NANOS);
                // still listed as parked: nobody woke it; the linger time passed (or a spurious wake-up)
                if (parked.remove(self) && queue.isEmpty()) {
                    return;
                }
            }
        } finally {
            workers.decrementAndGet();
            // a completion added while this worker was leaving may have found no free worker: offer it again
            startWorker();
        }
    }

    /** Runs every queued completion on the calling thread; the stopping thread calls it last. */
    void runAllHere() {
        runQueued();
    }

    /** Lets the parked workers leave; the ones running finish what they took. */
    void close() {
        closed = true;
        Thread idle;
        while ((idle = parked.pollFirst()) != null) {
            LockSupport.unpark(idle);
        }
    }

    private void runQueued() {
        Runnable completion;
        while ((completion = take()) != null) {
            runSafely(completion);
        }
    }

    /** Claims the next completion of the oldest answer, or returns {@code null} when none is left. */
    private Runnable take() {
        Chunk chunk;
        while ((chunk = queue.peek()) != null) {
            List<Runnable> completions = chunk.completions;
            int index = chunk.next.getAndIncrement();
            if (index < completions.size()) {
                if (index == completions.size() - 1) {
                    queue.remove(chunk);
                    giveBackRoom(completions.size());
                }
                return completions.get(index);
            }
            // every completion of this answer is claimed: its last taker removes it; help it go while it is the
            // head (removing one that is gone already would walk the whole queue)
            if (queue.peek() == chunk) {
                queue.remove(chunk);
            }
        }
        return null;
    }

    private void giveBackRoom(int count) {
        try {
            onTaken.accept(count);
        } catch (Throwable e) {
            LOG.warn("Giving back the room of {} completions failed", count, e);
        }
    }

    private static void runSafely(Runnable completion) {
        try {
            completion.run();
        } catch (Throwable e) {
            LOG.warn("The completion of an exchange failed; the other exchanges are not affected", e);
        }
    }
}
