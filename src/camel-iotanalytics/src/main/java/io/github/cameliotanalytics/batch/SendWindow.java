package io.github.cameliotanalytics.batch;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many BatchPutMessage calls may be in flight at once, adapted to throttling (additive increase, multiplicative
 * decrease): each throttled call halves the window and pauses new calls for a backoff delay; each round of successful
 * calls widens it by one, up to {@code maxInFlightBatches}.
 */
final class SendWindow {

    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int limit;
    private int inFlight;
    private int successesSinceIncrease;
    private long pausedUntil;

    SendWindow(int max) {
        this.max = max;
        this.limit = max;
    }

    /** Takes a place for one call, waiting up to {@code timeoutNanos}; false if none was free in time. */
    boolean tryAcquire(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (true) {
                long now = System.nanoTime();
                long wait = deadline - now;
                if (inFlight < limit && pausedUntil - now <= 0) {
                    inFlight++;
                    return true;
                }
                if (wait <= 0) {
                    return false;
                }
                changed.awaitNanos(pausedUntil - now > 0 ? Math.min(wait, pausedUntil - now) : wait);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives back the place of a call that ended. */
    void release() {
        lock.lock();
        try {
            inFlight--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void onSuccess() {
        lock.lock();
        try {
            if (limit < max && ++successesSinceIncrease >= limit) {
                limit++;
                successesSinceIncrease = 0;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void onThrottled(long pauseNanos) {
        lock.lock();
        try {
            limit = Math.max(1, limit / 2);
            successesSinceIncrease = 0;
            pausedUntil = Math.max(pausedUntil, System.nanoTime() + pauseNanos);
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }
}
