package io.github.cameliotanalytics.batch;

/**
 * The least time between the starts of two calls, for a window down to one call that still sends faster than the
 * service takes (a quota far below what one call at a time sends). A throttled call sets the rate it was throttled at:
 * what was delivered then, or {@link #BETA} × the rate sent if nothing was; the pace starts at {@link #BETA} × that rate
 * and grows back to it, slowly near it and faster past it, as a cubic of the time since (as CUBIC does), so that it
 * stays near a quota and finds the full speed again once the quota is gone. It ends once its gap is shorter than a
 * call's latency (one call at a time is then slower than the pace). Not thread-safe: the {@link SendWindow} that owns it
 * guards it.
 */
final class SendPace {

    /** The share of the throttled rate the pace starts at. */
    static final double BETA = 0.8;
    /** How fast the pace grows past the throttled rate: by C × t³ of it, t in seconds past the plateau. */
    static final double C = 0.4;
    /** The slowest pace, in calls per second. */
    static final double MIN_RATE = 1;
    /** The seconds from a throttled call to the plateau at the rate it was throttled at. */
    private static final double K = Math.cbrt((1 - BETA) / C);

    private boolean active;
    private double throttledRate;
    private long throttledAt;
    private boolean sentOnce;
    private long lastStart;

    boolean active() {
        return active;
    }

    /**
     * A call was throttled at {@code now}: {@code delivered} and {@code sent} calls per second were delivered and
     * answered recently (0: unknown).
     */
    void throttled(long now, double delivered, double sent) {
        double sending = active ? (sent > 0 ? Math.min(sent, rate(now)) : rate(now)) : sent;
        double rate = delivered > 0 ? Math.min(delivered, sending) : BETA * sending;
        throttledRate = Math.max(MIN_RATE, rate);
        throttledAt = now;
        active = true;
    }

    /** A call starts at {@code now}. */
    void sent(long now) {
        sentOnce = true;
        lastStart = now;
    }

    /** The nanoseconds from {@code now} until the next call may start (0: now). */
    long nanosUntilNext(long now) {
        if (!active || !sentOnce) {
            return 0;
        }
        return Math.max(0, lastStart + gapNanos(now) - now);
    }

    /** Ends the pace if one call at a time, at {@code latencyNanos} a call, is slower than it at {@code now}. */
    void endIfSlowerThan(long now, long latencyNanos) {
        if (active && gapNanos(now) < latencyNanos) {
            active = false;
        }
    }

    void stop() {
        active = false;
    }

    /** Whether the pace has grown back to the rate it was last throttled at (the cubic's plateau) by {@code now}. */
    boolean pastPlateau(long now) {
        return (now - throttledAt) / 1e9 >= K;
    }

    /** The calls per second the pace allows at {@code now}. */
    double rate(long now) {
        double t = (now - throttledAt) / 1e9 - K;
        return Math.max(MIN_RATE, throttledRate * (1 + C * t * t * t));
    }

    private long gapNanos(long now) {
        return (long) (1e9 / rate(now));
    }
}
