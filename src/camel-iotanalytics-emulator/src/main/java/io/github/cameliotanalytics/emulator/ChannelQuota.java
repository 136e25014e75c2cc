package io.github.cameliotanalytics.emulator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The per-channel quota of BatchPutMessage, in messages per second: one {@link TokenBucket} per channel name, made on
 * the channel's first call. Off (every call fits) when the quota is 0.
 */
final class ChannelQuota {

    private final int messagesPerSecond;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param messagesPerSecond the quota of each channel; 0 for none
     * @param nanoTime          the clock the buckets refill by
     */
    ChannelQuota(int messagesPerSecond, LongSupplier nanoTime) {
        this.messagesPerSecond = messagesPerSecond;
        this.nanoTime = nanoTime;
    }

    /** Takes {@code messages} from the channel's bucket; {@code false}, taking nothing, when they do not fit. */
    boolean tryAcquire(String channel, int messages) {
        if (messagesPerSecond == 0) {
            return true;
        }
        return buckets.computeIfAbsent(channel, name -> new TokenBucket(messagesPerSecond, nanoTime))
                .tryTake(messages);
    }

    /** Forgets every bucket: each channel starts full again. */
    void reset() {
        buckets.clear();
    }
}
