package io.github.cameliotanalytics.batch;

/**
 * How many BatchPutMessage calls may be in flight at once, adapted to throttling (additive increase, multiplicative
 * decrease): a throttled call halves the window and pauses new calls for a backoff delay; each round of {@code limit}
 * successful calls widens it by one, up to {@code max}. It never waits: the sender asks it at a given time.
 */
final class SendWindow {

    private final int max;
    private int limit;
    private int inFlight;
    private int successesSinceIncrease;
    private long pausedUntil;
    private boolean paused;

    SendWindow(int max) {
        this.max = max;
        this.limit = max;
    }

    /** Takes a place for one call if one is free and the window is not paused at {@code now}. */
    synchronized boolean tryAcquire(long now) {
        if (inFlight >= limit || nanosPaused(now) > 0) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** Gives back the place of a call that ended. */
    synchronized void release() {
        inFlight--;
    }

    /** A call succeeded after {@code latencyNanos}. */
    synchronized void onSuccess(long latencyNanos) {
        if (limit < max && ++successesSinceIncrease >= limit) {
            limit++;
            successesSinceIncrease = 0;
        }
    }

    /** A call was throttled at {@code now}: halve the window and send nothing for {@code pauseNanos}. */
    synchronized void onThrottled(long now, long pauseNanos) {
        limit = Math.max(1, limit / 2);
        successesSinceIncrease = 0;
        if (!paused || pausedUntil - (now + pauseNanos) < 0) {
            pausedUntil = now + pauseNanos;
            paused = true;
        }
    }

    /** How long, from {@code now}, new calls stay paused after throttling (0: not paused). */
    synchronized long nanosPaused(long now) {
        if (!paused) {
            return 0;
        }
        long left = pausedUntil - now;
        if (left <= 0) {
            paused = false;
            return 0;
        }
        return left;
    }

    /** Whether every place is taken. */
    synchronized boolean full() {
        return inFlight >= limit;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int limit() {
        return limit;
    }
}
