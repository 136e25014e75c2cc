package io.github.cameliotanalytics.batch;

/**
 * The share of calls the service throttles, and whether it comes from the rate the window sends at (a quota: sending
 * slower is throttled less, and delivers as much) or not (a share throttled whatever the rate: sending slower is
 * throttled as much, and delivers less). It counts the answered calls in spans of {@link #SPAN_CALLS}. When
 * {@link #SPANS_TO_LEARN} spans in a row each show about the same throttled share (2 calls at least) for at most 0.8 ×
 * the rate and the deliveries of a faster span with at least {@link #EVIDENCE} throttled calls (the fastest of the last
 * {@link #MEMORY_NANOS}, or the last), that share becomes <em>tolerated</em> (averaged with the one tolerated before,
 * if any): a throttled call then takes one call of credit (earned at 2 × the tolerated share + 2 % per delivered call,
 * up to {@link #CREDIT_CAP}) instead of cutting the window. {@link #SPANS_TO_FORGET} spans in a row under half the
 * tolerated share end the tolerance. It also gives the rates of the last second, from which the window paces.
 * Not thread-safe: the {@link SendWindow} that owns it guards it.
 */
final class ThrottledShare {

    /** The answered calls of a span. */
    static final int SPAN_CALLS = 32;
    /** How long the fastest throttled span is kept to compare slower ones with (a faster one replaces it at once). */
    static final long MEMORY_NANOS = 30_000_000_000L;
    /** The throttled calls a span needs to be compared. */
    static final int EVIDENCE = 3;
    /** The spans in a row, each slower and as throttled as a faster one, that make a share tolerated. */
    static final int SPANS_TO_LEARN = 2;
    /** The spans in a row under half the tolerated share that end the tolerance. */
    static final int SPANS_TO_FORGET = 4;
    /** The most throttled calls a tolerated share lets through in a row. */
    static final double CREDIT_CAP = 5;
    /** The recent rates are counted over this many slices of {@link #BUCKET_NANOS}: the last second. */
    static final int BUCKETS = 10;
    static final long BUCKET_NANOS = 100_000_000;
    /** A span this much slower than another, and delivering this much less, was sent slower. */
    private static final double SLOWER = 0.8;
    /** Two throttled shares within this ratio of each other are about the same. */
    private static final double SAME_SHARE = 0.6;

    /** One span: its rate and deliveries per second, and its throttled share. */
    private record Span(double rate, double delivered, double share, int throttled) {
    }

    /** The fastest span with {@link #EVIDENCE} throttled calls of the last {@link #MEMORY_NANOS}, and when it ended. */
    private Span fastest;
    private long fastestAt;
    /** The last span with {@link #EVIDENCE} throttled calls. */
    private Span previous;
    private long spanStart;
    private int spanCalls;
    private int spanThrottled;
    private int spansUnderTolerated;
    private int slowerAsThrottled;
    private double tolerated;
    private double credit;

    /** The answered and the delivered calls of the last {@link #BUCKETS} slices of {@link #BUCKET_NANOS}. */
    private final int[] answeredIn = new int[BUCKETS];
    private final int[] deliveredIn = new int[BUCKETS];
    /** The slice under way, counted from {@link #start} (differences of times: the clock may wrap). */
    private long bucket;
    private final long start;

    ThrottledShare(long now) {
        spanStart = now;
        start = now;
    }

    /**
     * A call was answered at {@code now}, throttled or not; {@code inSpan}: it was sent at the window's present width
     * and pace (not before the last cut), so that its span may be compared with another. Returns whether it ended a
     * span that found a share the rate does not bring on.
     */
    boolean answered(long now, boolean throttled, boolean inSpan) {
        moveTo(now);
        int slice = (int) (bucket % BUCKETS);
        answeredIn[slice]++;
        deliveredIn[slice] += throttled ? 0 : 1;
        if (tolerated > 0 && !throttled) {
            credit = Math.min(CREDIT_CAP, credit + 2 * tolerated + 0.02);
        }
        if (!inSpan) {
            return false;
        }
        spanCalls++;
        spanThrottled += throttled ? 1 : 0;
        return spanCalls >= SPAN_CALLS && endSpan(now);
    }

    private boolean endSpan(long now) {
        double seconds = Math.max(1, now - spanStart) / 1e9;
        Span span = new Span(spanCalls / seconds, (spanCalls - spanThrottled) / seconds,
                (double) spanThrottled / spanCalls, spanThrottled);
        Span faster = fastest;
        boolean found = false;
        Span matched = slowerAsThrottled(span, faster) ? faster : slowerAsThrottled(span, previous) ? previous : null;
        if (matched != null) {
            // sent slower, throttled as much, delivered less: the rate does not bring this share on, if the next span
            // shows it too (a span right after a burst the quota had saved for looks like it once)
            double share = Math.min(span.share(), matched.share());
            if (++slowerAsThrottled >= SPANS_TO_LEARN) {
                slowerAsThrottled = 0;
                found = true;
                tolerated = tolerated == 0 ? share : (tolerated + share) / 2;
                credit = CREDIT_CAP;
            }
        } else {
            slowerAsThrottled = 0;
        }
        if (tolerated > 0 && span.share() < tolerated / 2) {
            if (++spansUnderTolerated >= SPANS_TO_FORGET) {
                tolerated = 0;
                credit = 0;
            }
        } else {
            spansUnderTolerated = 0;
        }
        if (span.throttled() >= EVIDENCE
            && (faster == null || span.rate() > faster.rate() || now - fastestAt - MEMORY_NANOS > 0)) {
            fastest = span;
            fastestAt = now;
        }
        if (span.throttled() >= EVIDENCE) {
            previous = span;
        }
        spanStart = now;
        spanCalls = 0;
        spanThrottled = 0;
        return found;
    }

    /** Whether {@code span} was sent and delivered slower than {@code faster}, and throttled about as much. */
    private static boolean slowerAsThrottled(Span span, Span faster) {
        return faster != null && span.throttled() >= 2 && span.rate() <= SLOWER * faster.rate()
               && span.delivered() <= SLOWER * faster.delivered() && span.share() >= SAME_SHARE * faster.share()
               && span.share() * SAME_SHARE <= faster.share();
    }

    /** Whether a throttled call is within the tolerated share; if so it takes its credit. */
    boolean tolerates() {
        if (credit >= 1) {
            credit--;
            return true;
        }
        return false;
    }

    /** The share of calls throttled whatever the rate, as learned (0: none known). */
    double tolerated() {
        return tolerated;
    }

    /** The calls answered per second over the last second, until {@code now}. */
    double recentRate(long now) {
        return recentPerSecond(now, answeredIn);
    }

    /** The calls delivered (not throttled) per second over the last second, until {@code now}. */
    double recentDelivered(long now) {
        return recentPerSecond(now, deliveredIn);
    }

    private double recentPerSecond(long now, int[] counts) {
        moveTo(now);
        long sum = 0;
        for (int count : counts) {
            sum += count;
        }
        long covered = Math.min(Math.max(0, now - start), BUCKETS * BUCKET_NANOS);
        return sum / (Math.max(BUCKET_NANOS, covered) / 1e9);
    }

    /** Clears the slices that ended before {@code now}'s. */
    private void moveTo(long now) {
        long current = Math.max(0, now - start) / BUCKET_NANOS;
        for (long b = bucket + 1; b <= current && b <= bucket + BUCKETS; b++) {
            answeredIn[(int) (b % BUCKETS)] = 0;
            deliveredIn[(int) (b % BUCKETS)] = 0;
        }
        bucket = Math.max(bucket, current);
    }
}
