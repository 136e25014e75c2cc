package io.github.cameliotanalytics.batch;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completions the engine owes its callers (route continuations), run by at most {@code maxWorkers} tasks on the
 * worker pool. The queue is the engine's, not the pool's: a completion the pool refuses or drops at shutdown stays
 * here, is offered again by the sender loop, and is run by the stopping thread at the latest ({@link #runAllHere}).
 * A completion that throws anything is logged and touches no other.
 */
final class OutcomeQueue {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeQueue.class);

    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger workers = new AtomicInteger();
    private final Executor pool;
    private final int maxWorkers;
    private final Runnable onRun;

    /**
     * @param onRun told after each completion taken from the queue (it gives back the room the completion held)
     */
    OutcomeQueue(Executor pool, int maxWorkers, Runnable onRun) {
        this.pool = pool;
        this.maxWorkers = maxWorkers;
        this.onRun = onRun;
    }

    /** Queues the completions of one answer, and starts one worker for them if fewer than {@code maxWorkers} run. */
    void addAll(List<Runnable> completions) {
        queue.addAll(completions);
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
        while ((completion = queue.poll()) != null) {
            try {
                onRun.run();
            } finally {
                runSafely(completion);
            }
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
