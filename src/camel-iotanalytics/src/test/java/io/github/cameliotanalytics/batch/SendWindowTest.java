package io.github.cameliotanalytics.batch;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive send window alone, on a clock moved by hand: each round is a window's worth of calls answered after a
 * given latency, as a service with that latency would answer them.
 */
class SendWindowTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private long now;

    /** Fills the window (more batches are ready than places), then answers every call after {@code latency}. */
    private void fullRound(SendWindow window, long latency) {
        int calls = 0;
        while (window.tryAcquire(now)) {
            calls++;
        }
        window.demandExceeded();
        int target = Math.max(calls, SendWindow.MIN_ROUND_CALLS);
        // the calls of the round end together, one latency after they were sent; short rounds take several turns
        for (int answered = 0; answered < target; ) {
            now += latency;
            for (int i = 0; i < calls && answered < target; i++, answered++) {
                window.release();
                window.onSuccess(now, latency);
                window.tryAcquire(now);
            }
        }
        while (window.inFlight() > 0) {
            window.release();
        }
    }

    /** {@code rounds} full rounds, each answered after {@code latency}. */
    private void fullRounds(SendWindow window, int rounds, long latency) {
        for (int round = 0; round < rounds; round++) {
            fullRound(window, latency);
        }
    }

    /** Two rounds at 10 ms, which widen a new window; returns its width then. */
    private int widenTwice(SendWindow window) {
        fullRound(window, 10 * MS);
        fullRound(window, 10 * MS);
        return window.limit();
    }

    /**
     * A round against a saturated service: each call takes as much longer as the window is wider than {@code widened},
     * so the throughput stays flat.
     */
    private void saturatedRound(SendWindow window, int widened) {
        fullRound(window, 10 * MS * window.limit() / widened * 2);
    }

    @Test
    void startsAtFourOrTheBoundIfLower() {
        assertThat(new SendWindow(128, 0).limit()).isEqualTo(SendWindow.INITIAL_LIMIT);
        assertThat(new SendWindow(2, 0).limit()).isEqualTo(2);
    }

    @Test
    void widensUpToTheBoundWhileTheLatencyStaysFlatAndTheThroughputGrows() {
        SendWindow window = new SendWindow(128, now);
        int previous = window.limit();
        for (int round = 0; round < 20; round++) {
            fullRound(window, 100 * MS);
            assertThat(window.limit()).isGreaterThanOrEqualTo(previous);
            previous = window.limit();
        }
        assertThat(window.limit()).isEqualTo(128);
    }

    @Test
    void reachesAHundredCallsWithinTenRoundsAtAHundredMilliseconds() {
        SendWindow window = new SendWindow(128, now);
        fullRounds(window, 10, 100 * MS);
        assertThat(window.limit()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void doesNotWidenWhenTheLoadDoesNotFillIt() {
        SendWindow window = new SendWindow(128, now);
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < SendWindow.MIN_ROUND_CALLS; i++) {
                assertThat(window.tryAcquire(now)).isTrue();
                now += 10 * MS;
                window.release();
                window.onSuccess(now, 10 * MS);
            }
        }
        assertThat(window.limit()).isEqualTo(SendWindow.INITIAL_LIMIT);
    }

    @Test
    void narrowsWhenTheLatencyRisesWithNoGainInThroughput() {
        SendWindow window = new SendWindow(128, now);
        int widened = widenTwice(window);
        // the service is saturated: each call takes as much longer as the window is wider, throughput stays flat; the
        // window never grows past one step above where it was, and goes below it
        int lowest = widened;
        for (int round = 0; round < 12; round++) {
            saturatedRound(window, widened);
            assertThat(window.limit()).isBetween(1, widened + widened / 2);
            lowest = Math.min(lowest, window.limit());
        }
        assertThat(lowest).isLessThan(widened);
    }

    @Test
    void aNarrowingThatCostsThroughputIsTakenBack() {
        SendWindow window = new SendWindow(128, now);
        int widened = widenTwice(window);
        // a saturated service: the latency grows with the window, the throughput stays flat, until the window narrows
        int before;
        do {
            before = window.limit();
            saturatedRound(window, widened);
        } while (window.limit() >= before);
        int narrowed = window.limit();
        // the narrower window's calls take as long as before it narrowed: throughput fell, the narrowing is undone
        fullRound(window, 10 * MS * before / widened * 2);
        assertThat(window.limit()).isEqualTo(before);
        assertThat(narrowed).isLessThan(before);
    }

    @Test
    void settlesNearTheSaturationPointWhenTheServiceIsBusyAndTheThroughputIsNoisy() {
        SendWindow window = new SendWindow(128, now);
        // a service that does 1.5 calls per millisecond, each at least 2 ms; each round's throughput off by +-10 %
        for (int round = 0; round < 100; round++) {
            double noise = round % 2 == 0 ? 0.9 : 1.1;
            long latency = (long) (Math.max(2 * MS, window.limit() * MS / 1.5) * noise);
            fullRound(window, latency);
        }
        assertThat(window.limit()).isBetween(3, 12);
    }

    @Test
    void narrowsWhenTheCallsClearlyQueueThoughNoRoundIsFlat() {
        SendWindow window = new SendWindow(128, now);
        fullRounds(window, 8, 10 * MS);
        int widened = window.limit();
        // the service now saturates at 1.5 calls per ms (15 calls in flight keep it busy at 10 ms): each call takes as
        // long as the window's calls need to get through, and each round's throughput is 20 % above or below the
        // previous one's, so that no round is flat; on the rounds whose throughput fell, dozens of calls wait
        for (int round = 0; round < 60; round++) {
            double noise = round % 2 == 0 ? 0.9 : 1.1;
            fullRound(window, (long) (Math.max(10 * MS, window.limit() * MS / 1.5) * noise));
        }

        // it comes down to about 1.5 x what keeps the service busy (from 94 to 21); narrowing only on flat rounds, it
        // stayed at 94
        assertThat(widened).isGreaterThanOrEqualTo(60);
        assertThat(window.limit()).isLessThanOrEqualTo(24);
    }

    /** What {@link #serve} saw from its 10th second on (or from the second given). */
    private record Served(double shareOfCapacity, double meanInFlight, double meanWindow, int largestWindow) {
    }

    private Served serve(SendWindow window, double callsPerMs, boolean noisy, IntUnaryOperator flightMs) {
        return serve(window, callsPerMs, noisy, flightMs, 10_000);
    }

    /**
     * A service that serves calls in order, {@code callsPerMs} on average, and answers each {@code flightMs} (given the
     * millisecond it was served: 100 ms unless said otherwise) after serving it, one by one; for 30 s, with always more
     * batches ready than places. With {@code noisy}, its capacity is off by up to 50 % either way for 20 ms at a time
     * and nil for 20 ms every 300 ms, as a service sharing its CPU and pausing for its collector would be.
     */
    private Served serve(SendWindow window, double callsPerMs, boolean noisy, IntUnaryOperator flightMs,
                         int measuredFromMs) {
        Random random = new Random(20261201);
        Queue<Long> waitingForTheService = new ArrayDeque<>();
        Queue<long[]> onTheWayBack = new ArrayDeque<>();
        double credit = 0;
        double factor = 1;
        double capacity = 0;
        long served = 0;
        int largest = 0;
        long inFlightSum = 0;
        long windowSum = 0;
        int samples = 0;
        for (int ms = 0; ms < 30_000; ms++) {
            now = ms * MS;
            while (!onTheWayBack.isEmpty() && onTheWayBack.peek()[0] <= now) {
                long sentAt = onTheWayBack.remove()[1];
                window.release();
                window.onSuccess(now, now - sentAt);
            }
            while (window.tryAcquire(now)) {
                waitingForTheService.add(now);
            }
            window.demandExceeded();
            if (noisy && ms % 20 == 0) {
                factor = ms % 300 == 0 ? 0 : 0.5 + random.nextDouble();
            }
            double thisMs = callsPerMs * factor;
            credit += thisMs;
            boolean measured = ms >= measuredFromMs;
            while (credit >= 1 && !waitingForTheService.isEmpty()) {
                credit--;
                onTheWayBack.add(new long[] { now + flightMs.applyAsInt(ms) * MS, waitingForTheService.remove() });
                served += measured ? 1 : 0;
            }
            if (waitingForTheService.isEmpty()) {
                // whole calls' worth of capacity left unused while nothing waits is lost
                credit -= Math.floor(credit);
            }
            if (measured) {
                capacity += thisMs;
                largest = Math.max(largest, window.limit());
                inFlightSum += window.inFlight();
                windowSum += window.limit();
                samples++;
            }
        }
        return new Served(served / capacity, (double) inFlightSum / samples, (double) windowSum / samples, largest);
    }

    @Test
    void keepsAServiceThatQueuesBusyWithoutFillingItsQueue() {
        // one call per millisecond: 100 calls in flight saturate it, and each call beyond waits its turn
        Served served = serve(new SendWindow(256, now), 1, false, ms -> 100);

        // the service stays busy (100 calls in flight at least), and the window holds at most half as many again
        assertThat(served.meanInFlight()).isGreaterThanOrEqualTo(100);
        assertThat(served.largestWindow()).isLessThanOrEqualTo(150);
    }

    @Test
    void aNoisyServiceThatQueuesDoesNotCarryTheWindowFarPastWhatItNeeds() {
        // 0.7 calls per millisecond on average: 70 calls in flight saturate it on average, 105 in its fastest spells
        Served served = serve(new SendWindow(256, now), 0.7, true, ms -> 100);

        // nearly all of its capacity is used (the drains that measure the lowest latency again cost about 2 %), with at
        // most 1.43 x the mean need on average and 2 x at the widest (the rule that widened by half at every lucky round
        // held 150 on average and reached 195; narrowing on flat rounds only, the window held 103 on average)
        assertThat(served.shareOfCapacity()).isGreaterThanOrEqualTo(0.97);
        assertThat(served.meanWindow()).isLessThanOrEqualTo(100);
        assertThat(served.largestWindow()).isLessThanOrEqualTo(140);
    }

    @Test
    void aLowestLatencyTakenWhileColdIsMeasuredAgain() {
        // the same noisy service, slower for its first 5 s (150 ms, as a JVM whose JIT is cold): the lowest latency
        // first seen is 1.5 times the one that follows, and no later round goes under it while the calls queue
        Served served = serve(new SendWindow(256, now), 0.7, true, ms -> ms < 5_000 ? 150 : 100);

        // measured again, the lowest follows the service (without the drains the window held 156 on average)
        assertThat(served.shareOfCapacity()).isGreaterThanOrEqualTo(0.97);
        assertThat(served.meanWindow()).isLessThanOrEqualTo(120);
    }

    @Test
    void followsAServiceWhoseLatencyRisesForGood() {
        // one call per millisecond, 20 ms away for 10 s, then 100 ms away: 100 calls in flight are needed from then on
        Served served = serve(new SendWindow(256, now), 1, false, ms -> ms < 10_000 ? 20 : 100);

        // against a lowest of 20 ms every round would look queued and the window would never widen again (it held 22
        // calls, 22 % of the capacity); measured again, the lowest is 100 ms and the window widens to what is needed
        assertThat(served.shareOfCapacity()).isGreaterThanOrEqualTo(0.85);
        assertThat(served.meanInFlight()).isGreaterThanOrEqualTo(85);
    }

    @Test
    void reachesTheBoundWithinTenSecondsOfAServiceBecomingSlower() {
        // a service that is busy with 40 calls at 5 ms (8 calls per ms), then answers after 500 ms for good: from then
        // on only the bound (256 calls in flight) limits the throughput
        Served atFiveMs = serve(new SendWindow(256, now), 8, false, ms -> 5, 5_000);
        Served afterTenSeconds = serve(new SendWindow(256, now), 8, false, ms -> ms < 10_000 ? 5 : 500, 20_000);

        // at 5 ms the calls queue beyond about 40: the window holds well under the bound
        assertThat(atFiveMs.meanWindow()).isLessThan(128);
        // from 10 s after the change on, at least 0.8 x what the bound allows is in flight, and no drain of the window
        // costs more than 5 % of it (its calls do not queue: there is nothing to measure again)
        assertThat(afterTenSeconds.meanInFlight()).isGreaterThanOrEqualTo(0.95 * 256);
    }

    @Test
    void drainsToAFewCallsToMeasureTheLowestLatencyAgain() {
        SendWindow window = new SendWindow(128, now);
        // narrowed once (a saturated service), then rounds for more than RENEW_LOWEST_NANOS
        int widened = widenTwice(window);
        long start = now;
        boolean drained = false;
        while (now - start <= SendWindow.RENEW_LOWEST_NANOS + 100 * MS && !drained) {
            int before = window.limit();
            saturatedRound(window, widened);
            drained = window.limit() == SendWindow.PROBE_CALLS && before > SendWindow.PROBE_CALLS;
        }
        assertThat(drained).isTrue();

        // the drain sends a few calls at a time; once they are answered the window goes back to its width
        for (int call = 0; call < SendWindow.PROBE_CALLS; call++) {
            assertThat(window.tryAcquire(now)).isTrue();
        }
        assertThat(window.tryAcquire(now)).isFalse();
        now += 10 * MS;
        for (int call = 0; call < SendWindow.PROBE_CALLS; call++) {
            window.release();
            window.onSuccess(now, 10 * MS);
        }
        assertThat(window.limit()).isGreaterThan(SendWindow.PROBE_CALLS);
    }

    @Test
    void neverNarrowsBelowOneCall() {
        SendWindow window = new SendWindow(128, now);
        fullRound(window, MS);
        for (int round = 0; round < 200; round++) {
            fullRound(window, 50 * MS);
            window.onThrottled(now, now, MS);
            now += MS;
        }
        assertThat(window.limit()).isEqualTo(1);
        assertThat(window.tryAcquire(now)).isTrue();
    }

    @Test
    void throttlingHalvesItWithoutPausingNewCalls() {
        SendWindow window = new SendWindow(128, now);
        fullRound(window, 100 * MS);
        int before = window.limit();
        window.onThrottled(now, now, 200 * MS);

        assertThat(window.limit()).isEqualTo(before / 2);
        assertThat(window.tryAcquire(now)).isTrue();
    }

    @Test
    void throttlingPausesNewCallsOnceTheWindowIsDownToOneCall() {
        SendWindow window = new SendWindow(1, now);
        window.onThrottled(now, now, 200 * MS);

        assertThat(window.limit()).isEqualTo(1);
        assertThat(window.tryAcquire(now + 199 * MS)).isFalse();
        assertThat(window.tryAcquire(now + 200 * MS)).isTrue();
    }

    @Test
    void throttledCallsSentBeforeTheLastHalvingDoNotHalveItAgain() {
        SendWindow window = new SendWindow(128, now);
        fullRounds(window, 5, 20 * MS);
        int before = window.limit();
        long sent = now;
        now += 20 * MS;
        // the calls in flight when the service began to throttle come back throttled one after the other
        for (int call = 0; call < 10; call++) {
            window.onThrottled(now, sent, 100 * MS);
            now += MS;
        }
        assertThat(window.limit()).isEqualTo(before / 2);

        // a call sent after the halving and throttled halves it again
        now += 100 * MS;
        window.onThrottled(now + 20 * MS, now, 100 * MS);
        assertThat(window.limit()).isEqualTo(before / 4);
    }

    @Test
    void widensAgainAfterThrottlingOnceCallsSucceed() {
        SendWindow window = new SendWindow(128, now);
        window.onThrottled(now, now, 100 * MS);
        now += 100 * MS;
        int narrowed = window.limit();
        fullRounds(window, 5, 20 * MS);
        assertThat(window.limit()).isGreaterThan(narrowed);
    }

    /** What {@link #throttlingService} saw in its measured time: calls delivered per second, share throttled. */
    private record Throttling(double deliveredPerSecond, double throttledShare) {
    }

    /** The service of {@link #throttlingService}. */
    private record Service(double callsPerMs, int flightMs, int quotaPerSecond, int quotaUntilMs, double randomShare) {
    }

    /**
     * A service that serves {@code callsPerMs} calls a millisecond in order and answers each {@code flightMs} after
     * serving it; it throttles a call it serves when the channel's quota ({@code quotaPerSecond} calls a second, a token
     * bucket one second deep, full at the start; until {@code quotaUntilMs}) has no call left for it, and
     * {@code randomShare} of the calls at random. More batches are ready than places; a throttled call brings the
     * engine's backoff (50 ms, doubled for each throttled call in a row that cut the window). Measured from
     * {@code fromMs} to {@code toMs}; the clock starts at 0, as the window given must.
     */
    private Throttling throttlingService(SendWindow window, Service service, int fromMs, int toMs) {
        Random random = new Random(20261204);
        Queue<Long> waitingForTheService = new ArrayDeque<>();
        Queue<long[]> onTheWayBack = new ArrayDeque<>();
        double credit = 0;
        double tokens = service.quotaPerSecond();
        int throttledInARow = 0;
        long answered = 0;
        long throttled = 0;
        for (int ms = 0; ms < toMs; ms++) {
            now = ms * MS;
            boolean measured = ms >= fromMs;
            while (!onTheWayBack.isEmpty() && onTheWayBack.peek()[0] <= now) {
                long[] answer = onTheWayBack.remove();
                window.release();
                if (answer[2] == 1) {
                    long pause = Math.min(5000, 50L << Math.min(7, throttledInARow)) * MS;
                    throttledInARow += window.onThrottled(now, answer[1], pause) ? 1 : 0;
                } else {
                    throttledInARow = 0;
                    window.onSuccess(now, now - answer[1]);
                }
                answered += measured ? 1 : 0;
                throttled += measured ? answer[2] : 0;
            }
            while (window.tryAcquire(now)) {
                waitingForTheService.add(now);
            }
            if (window.full()) {
                window.demandExceeded();
            }
            boolean quota = ms < service.quotaUntilMs();
            tokens = Math.min(service.quotaPerSecond(), tokens + service.quotaPerSecond() / 1000.0);
            credit += service.callsPerMs();
            while (credit >= 1 && !waitingForTheService.isEmpty()) {
                credit--;
                boolean throttle = quota && tokens < 1 || random.nextDouble() < service.randomShare();
                if (quota && !throttle) {
                    tokens--;
                }
                long sentAt = waitingForTheService.remove();
                onTheWayBack.add(new long[] { now + service.flightMs() * MS, sentAt, throttle ? 1 : 0 });
            }
            if (waitingForTheService.isEmpty()) {
                credit -= Math.floor(credit);
            }
        }
        double seconds = (toMs - fromMs) / 1000.0;
        return new Throttling((answered - throttled) / seconds, answered == 0 ? 0 : (double) throttled / answered);
    }

    @Test
    void underAQuotaFarBelowWhatOneCallAtATimeSendsItPacesWithFewThrottledCalls() {
        // 1 ms a call, 4 calls a ms at most; a quota of 200 calls a second: one call at a time is 5 x too fast
        Throttling quota = throttlingService(new SendWindow(256, 0), new Service(4, 1, 200, Integer.MAX_VALUE, 0),
                20_000, 60_000);

        assertThat(quota.deliveredPerSecond()).isGreaterThanOrEqualTo(0.9 * 200);
        assertThat(quota.throttledShare()).isLessThanOrEqualTo(0.05);
    }

    @Test
    void underAQuotaThatNeedsSeveralCallsInFlightItNarrowsWithFewThrottledCalls() {
        // 50 ms a call: the quota of 200 calls a second is about 10 calls in flight
        Throttling quota = throttlingService(new SendWindow(256, 0), new Service(4, 50, 200, Integer.MAX_VALUE, 0),
                20_000, 60_000);

        assertThat(quota.deliveredPerSecond()).isGreaterThanOrEqualTo(0.9 * 200);
        assertThat(quota.throttledShare()).isLessThanOrEqualTo(0.05);
    }

    @Test
    void aShareThrottledWhateverTheRateCostsLittleThroughput() {
        // 10 % of the calls throttled at random, no quota: narrowing, or pausing at one call, would only lose throughput
        Service free = new Service(4, 1, 0, 0, 0);
        Throttling unthrottled = throttlingService(new SendWindow(256, 0), free, 10_000, 30_000);
        Throttling randomly = throttlingService(new SendWindow(256, 0), new Service(4, 1, 0, 0, 0.1), 10_000, 30_000);

        assertThat(randomly.throttledShare()).isBetween(0.05, 0.15);
        assertThat(randomly.deliveredPerSecond()).isGreaterThanOrEqualTo(0.7 * unthrottled.deliveredPerSecond());
    }

    @Test
    void findsTheFullSpeedAgainOnceTheQuotaIsGone() {
        Throttling unthrottled = throttlingService(new SendWindow(256, 0), new Service(4, 1, 0, 0, 0), 40_000,
                60_000);
        // the quota holds for 30 s: the same run (the same seed) measured under it, then from 10 s after it ended
        Service quotaFor30s = new Service(4, 1, 200, 30_000, 0);
        Throttling underQuota = throttlingService(new SendWindow(256, 0), quotaFor30s, 10_000, 30_000);
        Throttling afterQuota = throttlingService(new SendWindow(256, 0), quotaFor30s, 40_000, 60_000);

        assertThat(underQuota.deliveredPerSecond()).isLessThanOrEqualTo(1.1 * 200);
        assertThat(afterQuota.deliveredPerSecond()).isGreaterThanOrEqualTo(0.9 * unthrottled.deliveredPerSecond());
    }
}
