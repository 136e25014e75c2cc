package io.github.cameliotanalytics.batch;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many BatchPutMessage calls may be in flight at once, adapted to what the service gives. The window is judged
 * once per round (as many successful calls as the window was wide when the round began, at least
 * {@link #MIN_ROUND_CALLS}), from the round's throughput, against the previous round's, and its mean latency, against
 * the lowest seen:
 * <ul>
 * <li>it widens when ready batches waited for a place during the round, no call was throttled, the latency stayed
 * below 1.5 × the lowest seen, and either the throughput grew by 5 % or the latency stayed within 1.2 × the lowest
 * seen (more calls cost nothing): by half until it first narrows or is throttled, by a sixteenth after that (as TCP
 * leaves slow start at its first loss), so that the lucky rounds of a noisy service cannot carry it far past what the
 * service needs;</li>
 * <li>it narrows by an eighth when the latency rose above 1.5 × the lowest seen while the throughput did not grow: when
 * it stayed flat (within 5 %: the calls only queue somewhere), or when it fell while at least
 * {@link #CLEARLY_QUEUED_CALLS} calls waited on average (throughput × the latency above the lowest), so that the
 * rounds of a noisy service, seldom flat, still bring down a window whose calls queue; it takes a narrowing back if the
 * next round's throughput fell;</li>
 * <li>the lowest latency is measured again by a drain: the window holds {@link #PROBE_CALLS} calls until the calls sent
 * before are answered, and the mean latency of the next {@link #PROBE_CALLS} calls becomes the lowest seen (as BBR's
 * ProbeRTT does), so that a lowest taken while the JVM was cold, or before the service became slower for good, does not
 * stay the measure of a call that does not queue. It drains every {@link #RENEW_LOWEST_NANOS} (or 50 lowest latencies,
 * if longer: a drain costs about two latencies) while its rounds show queued calls, and at once when a round's
 * latency is {@link #SUDDEN_RISE} times the previous round's (no widening of its own makes that: the service changed).
 * A drain that finds the service slower than the lowest seen starts the widening by half again, unless a throttled
 * call cut the window within {@link #RENEW_LOWEST_NANOS};</li>
 * <li>a throttled call halves it at once, unless it was sent before the last cut (it was sent at the old width or
 * pace: its throttling says nothing new), or it is within the share of calls the service throttles whatever the rate
 * ({@link ThrottledShare}: a share throttled at random is not a quota, and narrowing would only lose throughput). Once
 * it is down to one call, a throttled call paces new calls ({@link SendPace}) if one call at a time sends more than
 * {@link #OUTRUN} × what was delivered over the last second (a quota below it) or a pace is on already (cut again
 * before it grew back only if more than one in {@link #HEAVY_SHARE} calls since were throttled), and else pauses new
 * calls for a backoff delay. A round with a throttled call does not widen the window, nor does a round
 * while a pace is on.</li>
 * </ul>
 * It stays between 1 and {@code max}. It never waits and reads no clock: the engine tells it the time.
 */
final class SendWindow {

    private static final Logger LOG = LoggerFactory.getLogger(SendWindow.class);

    /**
     * The width before any round was judged (or {@code max}, if lower): small, so that the first rounds measure the
     * latency of calls that do not queue (it reaches 256 in eleven rounds when nothing queues).
     */
    static final int INITIAL_LIMIT = 4;
    /** The fewest successful calls a round is judged on. */
    static final int MIN_ROUND_CALLS = 8;
    /** A round's throughput counts as grown above this ratio to the previous round's, as fallen below its inverse. */
    private static final double GAIN = 1.05;
    /** A round's latency up to this ratio to the lowest seen means no queueing. */
    private static final double NEAR_BASE = 1.2;
    /** A round's latency above this ratio to the lowest seen means the calls queue. */
    private static final double QUEUEING = 1.5;
    /**
     * The calls that must wait on average in a round whose throughput fell for it to narrow the window: fewer may be
     * the service's own pipeline (a service on the same busy cores), where a narrower window only loses throughput.
     */
    static final int CLEARLY_QUEUED_CALLS = 8;
    /** How often the lowest latency is measured again, by a short drain of the window. */
    static final long RENEW_LOWEST_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** The calls in flight while the lowest latency is measured again, and the calls it is measured on. */
    static final int PROBE_CALLS = 4;
    /** A round whose latency is this many times the previous round's drains the window at once. */
    static final int SUDDEN_RISE = 4;
    /**
     * A paced window is cut again before its pace grew back to where it was throttled only if more than one in this many
     * calls since the last cut were throttled (the pace is still far above a quota), not for one of a share throttled at
     * random.
     */
    static final int HEAVY_SHARE = 3;
    /**
     * How many times what was delivered one call at a time must send for a throttled call at one call to pace: a little
     * above 1, so that a service whose calls are themselves about as slow as what it delivers is only paused for.
     */
    static final double OUTRUN = 1.25;
    /** The drains come at most once per this many lowest latencies, so that they cost at most about 5 %. */
    private static final int RENEW_LOWEST_LATENCIES = 50;

    private final int max;
    private int limit;
    private int inFlight;
    private long pausedUntil;
    private boolean paused;

    private long roundStart;
    private int roundCalls;
    private int roundTarget;
    private long roundLatencyNanos;
    private boolean roundLimited;
    /** Whether a call was throttled during this round: the round then does not widen the window. */
    private boolean roundThrottled;
    /** Whether a throttled call has cut the window or its pace, and when the last did. */
    private boolean cut;
    private long lastCutAt;
    /** The calls answered since the last cut (those throttled sent after it), and of them the throttled ones. */
    private int sinceCutCalls;
    private int sinceCutThrottled;
    private final ThrottledShare throttledShare;
    private final SendPace pace = new SendPace();
    private double previousThroughput;
    /** How much the last round narrowed the window (0: it did not). */
    private int lastNarrowing;
    /**
     * The lowest round latency seen since it was last measured again: a busy service makes every later round a queued
     * one, so only a drain of the window ({@link #RENEW_LOWEST_NANOS}) may raise it.
     */
    private long baseLatencyNanos = Long.MAX_VALUE;
    private long baseMeasuredAt;
    /**
     * Whether the window is drained to measure the lowest latency again (the round under way is then the drain's:
     * {@link #PROBE_CALLS} calls sent after it began); then the width to go back to.
     */
    private boolean probing;
    private int limitBeforeProbe;
    /** Whether the round under way began as a drain ended: its calls did not queue, so it is not judged. */
    private boolean roundAfterProbe;
    /** Whether the window has narrowed once (its calls queued, or were throttled): it then widens by small steps. */
    private boolean narrowedOnce;
    /** The mean latency of the last judged round (0: none yet). */
    private long lastRoundLatencyNanos;
    /** Whether a round since the lowest latency was last measured had calls that queued: a drain is worth its cost. */
    private boolean queuedSinceMeasured;

    SendWindow(int max, long now) {
        this.max = max;
        this.limit = Math.min(max, INITIAL_LIMIT);
        this.baseMeasuredAt = now;
        this.throttledShare = new ThrottledShare(now);
        startRound(now);
    }

    /** Takes a place for one call if one is free and the window is not paused at {@code now}. */
    synchronized boolean tryAcquire(long now) {
        if (inFlight >= limit || nanosPaused(now) > 0) {
            return false;
        }
        inFlight++;
        pace.sent(now);
        return true;
    }

    /** Gives back the place of a call that ended. */
    synchronized void release() {
        inFlight--;
    }

    /** A ready batch found every place taken: the window, not the load, limits the throughput of this round. */
    synchronized void demandExceeded() {
        roundLimited = true;
    }

    /**
     * A call succeeded at {@code now} after {@code latencyNanos}; ends the round, or the drain, once it has its calls.
     */
    synchronized void onSuccess(long now, long latencyNanos) {
        answered(now, false, true);
        sinceCutCalls++;
        if (probing) {
            probed(now, latencyNanos);
            return;
        }
        roundCalls++;
        roundLatencyNanos += latencyNanos;
        if (roundCalls < roundTarget) {
            return;
        }
        long elapsed = Math.max(1, now - roundStart);
        double throughput = (double) roundCalls / elapsed;
        long latency = roundLatencyNanos / roundCalls;
        baseLatencyNanos = Math.min(baseLatencyNanos, latency);
        if (roundAfterProbe) {
            // the window refilled from a drain: neither its latency nor its throughput says anything of its width
            lastRoundLatencyNanos = latency;
            startRound(now);
            return;
        }
        pace.endIfSlowerThan(now, latency);
        boolean suddenRise = lastRoundLatencyNanos > 0 && latency > SUDDEN_RISE * lastRoundLatencyNanos;
        lastRoundLatencyNanos = latency;
        if (suddenRise) {
            // the service changed: its lowest latency is measured before the window is judged again
            previousThroughput = throughput;
            startRound(now);
            startProbe();
            return;
        }
        boolean gained = throughput > previousThroughput * GAIN;
        boolean fell = throughput * GAIN < previousThroughput;
        boolean queueing = latency > baseLatencyNanos * QUEUEING;
        int narrowing = 0;
        if (fell && lastNarrowing > 0) {
            limit = Math.min(max, limit + lastNarrowing);
        } else if (roundLimited && !roundThrottled && !pace.active() && !queueing
                   && (gained || latency <= baseLatencyNanos * NEAR_BASE)) {
            limit = Math.min(max, limit + Math.max(1, narrowedOnce ? limit / 16 : limit / 2));
        } else if (queueing && !gained && (!fell || throughput * (latency - baseLatencyNanos) >= CLEARLY_QUEUED_CALLS)) {
            narrowing = Math.min(limit - 1, Math.max(1, limit / 8));
            limit -= narrowing;
            narrowedOnce = true;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Send window {} after a round of {} calls: {} calls/s, mean latency {} ms (lowest {} ms)", limit,
                    roundCalls, Math.round(throughput * 1e9), latency / 1_000_000, baseLatencyNanos / 1_000_000);
        }
        lastNarrowing = narrowing;
        previousThroughput = throughput;
        queuedSinceMeasured |= latency > baseLatencyNanos * NEAR_BASE;
        startRound(now);
        long renew = Math.max(RENEW_LOWEST_NANOS, RENEW_LOWEST_LATENCIES * baseLatencyNanos);
        if (narrowedOnce && queuedSinceMeasured && now - baseMeasuredAt >= renew) {
            startProbe();
        }
    }

    /** Counts an answer; a share found to come whatever the rate ends the pace: sending slower did not help. */
    private void answered(long now, boolean throttled, boolean inSpan) {
        if (throttledShare.answered(now, throttled, inSpan)) {
            pace.stop();
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} % of the calls are throttled whatever the rate: tolerated",
                        Math.round(throttledShare.tolerated() * 100));
            }
        }
    }

    /** Drains the window to {@link #PROBE_CALLS} calls; the round just started is the drain's. */
    private void startProbe() {
        probing = true;
        limitBeforeProbe = limit;
        limit = Math.min(limit, PROBE_CALLS);
        roundTarget = PROBE_CALLS;
    }

    /**
     * A call answered while the window is drained: the calls sent before the drain began queued at the old width and
     * are not counted; the mean latency of the next {@link #PROBE_CALLS} becomes the lowest seen.
     */
    private void probed(long now, long latencyNanos) {
        if (now - latencyNanos - roundStart < 0) {
            return;
        }
        roundCalls++;
        roundLatencyNanos += latencyNanos;
        if (roundCalls < roundTarget) {
            return;
        }
        long measured = roundLatencyNanos / roundCalls;
        if (measured > baseLatencyNanos * QUEUEING && !(cut && now - lastCutAt < RENEW_LOWEST_NANOS)) {
            // the service became slower for good: the width it needs now is found by widening by half again (unless
            // it throttled lately: its quota, not its latency, bounds the window then)
            narrowedOnce = false;
        }
        baseLatencyNanos = measured;
        if (LOG.isDebugEnabled()) {
            LOG.debug("Send window back to {} after a drain: lowest latency now {} ms", limitBeforeProbe,
                    baseLatencyNanos / 1_000_000);
        }
        endProbe(now);
    }

    private void endProbe(long now) {
        probing = false;
        limit = limitBeforeProbe;
        baseMeasuredAt = now;
        queuedSinceMeasured = false;
        lastNarrowing = 0;
        startRound(now);
        roundAfterProbe = true;
    }

    /**
     * A call sent at {@code sentAt} was throttled at {@code now}: halve the window, unless the call was sent before the
     * last cut or its throttling is within the share the service throttles whatever the rate; a window already down to
     * one call cannot send slower that way, so it paces new calls (one call at a time sends more than {@link #OUTRUN} ×
     * what was delivered, or a pace is on) or sends nothing for {@code pauseNanos}. Returns whether the call cut the
     * window.
     */
    synchronized boolean onThrottled(long now, long sentAt, long pauseNanos) {
        if (probing) {
            // the width to halve is the one before the drain; the lowest latency is measured again later
            endProbe(now);
        }
        // a call sent before the last cut was sent at the old width or pace: it says nothing of the new one
        boolean sentBeforeCut = cut && sentAt - lastCutAt < 0;
        answered(now, true, !sentBeforeCut);
        if (!sentBeforeCut) {
            sinceCutCalls++;
            sinceCutThrottled++;
        }
        if (sentBeforeCut || throttledShare.tolerates()) {
            roundThrottled = true;
            return false;
        }
        boolean pausing = false;
        if (limit > 1) {
            limit = Math.max(1, limit / 2);
        } else if (pace.active() && !pace.pastPlateau(now) && sinceCutThrottled * HEAVY_SHARE < sinceCutCalls) {
            // the pace has not grown back to where it was throttled and at most a third of the calls since the last cut
            // were throttled: a throttled call this early says nothing new (as often it is one of a random share)
            roundThrottled = true;
            return false;
        } else if (pace.active() || oneCallOutrunsDeliveries(now)) {
            pace.throttled(now, throttledShare.recentDelivered(now), throttledShare.recentRate(now));
            LOG.debug("Send pace {} calls/s after a throttled call", Math.round(pace.rate(now)));
        } else if (pauseNanos > 0) {
            pausing = true;
            if (!paused || pausedUntil - (now + pauseNanos) < 0) {
                pausedUntil = now + pauseNanos;
                paused = true;
            }
        }
        narrowedOnce = true;
        previousThroughput = 0;
        lastNarrowing = 0;
        startRound(pausing ? now + pauseNanos : now);
        roundThrottled = true;
        cut = true;
        lastCutAt = now;
        sinceCutCalls = 0;
        sinceCutThrottled = 0;
        return true;
    }

    /**
     * Whether one call at a time, at the latency of the last round, sends more than {@link #OUTRUN} × what the service
     * delivered over the last second: a quota below that is met by a pace, not by pauses (after a pause one call at a
     * time spends what the quota saved during it at once, and is throttled again).
     */
    private boolean oneCallOutrunsDeliveries(long now) {
        return lastRoundLatencyNanos > 0 && OUTRUN * throttledShare.recentDelivered(now) < 1e9 / lastRoundLatencyNanos;
    }

    private void startRound(long now) {
        roundAfterProbe = false;
        roundStart = now;
        roundCalls = 0;
        roundTarget = Math.max(limit, MIN_ROUND_CALLS);
        roundLatencyNanos = 0;
        roundLimited = false;
        roundThrottled = false;
    }

    /** How long, from {@code now}, new calls stay paused after throttling or by the pace (0: not paused). */
    synchronized long nanosPaused(long now) {
        long paceLeft = pace.nanosUntilNext(now);
        if (!paused) {
            return paceLeft;
        }
        long left = pausedUntil - now;
        if (left <= 0) {
            paused = false;
            return paceLeft;
        }
        return Math.max(left, paceLeft);
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
