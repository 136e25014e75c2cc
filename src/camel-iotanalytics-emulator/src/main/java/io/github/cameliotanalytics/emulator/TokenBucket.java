package io.github.cameliotanalytics.emulator;

import java.util.function.LongSupplier;

/**
 * A token bucket of messages: it holds at most one second's worth ({@code messagesPerSecond} tokens), starts full and
 * refills continuously at {@code messagesPerSecond}. A take is all or nothing. Thread-safe: the worker threads of one
 * channel share its bucket under its lock.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    /**
     * @param messagesPerSecond the refill rate and the capacity, at least 1
     * @param nanoTime          a monotonic clock in nanoseconds, {@code System::nanoTime} but in tests
     */
    TokenBucket(int messagesPerSecond, LongSupplier nanoTime) {
        this.capacity = messagesPerSecond;
        this.tokensPerNano = messagesPerSecond / NANOS_PER_SECOND;
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes {@code count} tokens if the bucket holds them, else takes none. */
    synchronized boolean tryTake(int count) {
        long now = nanoTime.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            refilledAt = now;
        }
        if (tokens < count) {
            return false;
        }
        tokens -= count;
        return true;
    }
}
