package io.github.cameliotanalytics.batch;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completions the engine owes its callers (route continuations), run by at most {@code maxWorkers} tasks on the
 * worker pool. The completions of one answer are queued together and taken one at a time by whichever worker is free
 * (one atomic increment each, no queue node), so that a slow completion holds only its own worker; the room they held
 * in the buffer is given back in one step when the last of them is taken. The queue is the engine's, not the pool's:
 * a completion the pool refuses or drops at shutdown stays here, is offered again by the sender loop, and is run by the
 * stopping thread at the latest ({@link #runAllHere}). A completion that throws anything is logged and touches no
 * other.
 */
final class OutcomeQueue {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeQueue.class);

    private final Queue<Chunk> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger workers = new AtomicInteger();
    private final Executor pool;
    private final int maxWorkers;
    private final IntConsumer onTaken;

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

    /** Queues the completions of one answer, and starts one worker for them if fewer than {@code maxWorkers} run. */
    void addAll(List<Runnable> completions) {
        queue.add(new Chunk(completions));
        startWorker();
    }

    /** Starts one more worker task if there is work and fewer than {@code maxWorkers} run. */
    void startWorker() {
        while (!queue.isEmpty()) {
            int running = workers.get();
            if (running >= maxWorkers) {
                return;
            }
            if (workers.compareAndSet(running, running + 1)) {
                try {
                    pool.execute(this::work);
                } catch (Throwable refused) {
                    // the pool is full or shut down: the completion stays queued for a later offer or the stop
                    workers.decrementAndGet();
                }
                return;
            }
        }
    }

    private void work() {
        while (true) {
            try {
                runQueued();
            } finally {
                workers.decrementAndGet();
            }
            // a completion added while this task was leaving may have found no free worker: take it on here
            int running = workers.get();
            if (queue.isEmpty() || running >= maxWorkers || !workers.compareAndSet(running, running + 1)) {
                return;
            }
        }
    }

    /** Runs every queued completion on the calling thread; the stopping thread calls it last. */
    void runAllHere() {
        runQueued();
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
