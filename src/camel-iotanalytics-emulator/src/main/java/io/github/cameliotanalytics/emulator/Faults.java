package io.github.cameliotanalytics.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults the emulator injects into BatchPutMessage calls (the other operations are never faulted).
 * <p>
 * For each call the emulator first takes the next fault of the {@link #script script}, if any is left; otherwise it
 * draws one from the rates of throttling, unavailability, internal failure and dropped connections (whose sum is at
 * most 1). It then waits for the {@link #latency latency} (except for {@link Fault#HANG}) and acts. Of the messages of
 * a call that is handled normally, each valid one fails with the {@link #entryFailureRate entry failure rate}: it is
 * listed in {@code batchPutMessageErrorEntries} and not stored.
 * <p>
 * All draws come from one {@link SplittableRandom}: with a seed, the same sequence of calls meets the same faults.
 * {@link #reset()} clears every fault and restarts the random sequence. The setters return this object, for chaining,
 * and take effect from the next call.
 */
public final class Faults {

    /** The errorCode of injected entry failures unless {@link #entryErrorCode(String)} says otherwise. */
    public static final String DEFAULT_ENTRY_ERROR_CODE = "InternalFailureException";
    /**
     * How long a {@link Fault#HANG} holds a call unless {@link #hangDuration(Duration)} says otherwise; the emulator's
     * read timeout closes the connection earlier when it is shorter.
     */
    public static final Duration DEFAULT_HANG_DURATION = Duration.ofSeconds(60);

    private final Long seed;
    private final ArrayDeque<Fault> script = new ArrayDeque<>();
    private SplittableRandom random;
    private double throttleRate;
    private double serviceUnavailableRate;
    private double internalFailureRate;
    private double dropConnectionRate;
    private double entryFailureRate;
    private String entryErrorCode;
    private Duration minLatency;
    private Duration maxLatency;
    private Duration hangDuration;
    /** Whether any fault is set: calls skip the lock while none is. */
    private volatile boolean active;

    Faults(Long seed) {
        this.seed = seed;
        reset();
    }

    /** Share of calls answered 429 ThrottlingException. */
    public synchronized Faults throttleRate(double rate) {
        checkCallRates(rate, serviceUnavailableRate, internalFailureRate, dropConnectionRate);
        throttleRate = rate;
        return changed();
    }

    /** Share of calls answered 503 ServiceUnavailableException. */
    public synchronized Faults serviceUnavailableRate(double rate) {
        checkCallRates(throttleRate, rate, internalFailureRate, dropConnectionRate);
        serviceUnavailableRate = rate;
        return changed();
    }

    /** Share of calls answered 500 InternalFailureException. */
    public synchronized Faults internalFailureRate(double rate) {
        checkCallRates(throttleRate, serviceUnavailableRate, rate, dropConnectionRate);
        internalFailureRate = rate;
        return changed();
    }

    /** Share of calls whose connection is closed without a response. */
    public synchronized Faults dropConnectionRate(double rate) {
        checkCallRates(throttleRate, serviceUnavailableRate, internalFailureRate, rate);
        dropConnectionRate = rate;
        return changed();
    }

    /** Share of the valid messages of a normally handled call that fail with the {@link #entryErrorCode entry errorCode}. */
    public synchronized Faults entryFailureRate(double rate) {
        checkRate(rate);
        entryFailureRate = rate;
        return changed();
    }

    /** The errorCode of injected entry failures; {@value #DEFAULT_ENTRY_ERROR_CODE} by default. */
    public synchronized Faults entryErrorCode(String errorCode) {
        if (errorCode == null || errorCode.isBlank()) {
            throw new IllegalArgumentException("errorCode must not be blank");
        }
        entryErrorCode = errorCode;
        return this;
    }

    /** Adds a fixed latency to every call. */
    public Faults latency(Duration latency) {
        return latency(latency, latency);
    }

    /** Adds to every call a latency drawn uniformly from [{@code min}, {@code max}]. */
    public synchronized Faults latency(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("latency range must satisfy 0 <= min <= max, was " + min + ".." + max);
        }
        minLatency = min;
        maxLatency = max;
        return changed();
    }

    /** How long a {@link Fault#HANG} holds a call before closing its connection; 60 seconds by default. */
    public synchronized Faults hangDuration(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("hang duration must not be negative, was " + duration);
        }
        hangDuration = duration;
        return this;
    }

    /**
     * Sets the exact faults of the next calls, replacing any script not yet used up; after them the rates apply again.
     * For example {@code script(Fault.THROTTLE, Fault.UNAVAILABLE, Fault.OK)}.
     */
    public synchronized Faults script(Fault... faults) {
        List<Fault> next = List.of(faults);
        script.clear();
        script.addAll(next);
        return changed();
    }

    /** Removes every fault, restores the defaults and restarts the random sequence (from the seed, if one is set). */
    public synchronized Faults reset() {
        script.clear();
        throttleRate = 0;
        serviceUnavailableRate = 0;
        internalFailureRate = 0;
        dropConnectionRate = 0;
        entryFailureRate = 0;
        entryErrorCode = DEFAULT_ENTRY_ERROR_CODE;
        minLatency = Duration.ZERO;
        maxLatency = Duration.ZERO;
        hangDuration = DEFAULT_HANG_DURATION;
        random = seed == null ? new SplittableRandom() : new SplittableRandom(seed);
        return changed();
    }

    /** Decides the fault and the delay of the next call. */
    CallPlan nextCall() {
        if (!active) {
            return CallPlan.NORMAL;
        }
        synchronized (this) {
            Fault fault = script.isEmpty() ? drawFault() : script.removeFirst();
            Duration delay = fault == Fault.HANG ? hangDuration : drawLatency();
            changed();
            return new CallPlan(fault, delay);
        }
    }

    /** Draws which of {@code count} messages fail; {@code null} when none can. */
    boolean[] entryFailures(int count) {
        if (!active) {
            return null;
        }
        synchronized (this) {
            if (entryFailureRate == 0) {
                return null;
            }
            boolean[] failures = new boolean[count];
            for (int i = 0; i < count; i++) {
                failures[i] = random.nextDouble() < entryFailureRate;
            }
            return failures;
        }
    }

    synchronized String currentEntryErrorCode() {
        return entryErrorCode;
    }

    private Fault drawFault() {
        if (throttleRate + serviceUnavailableRate + internalFailureRate + dropConnectionRate == 0) {
            return Fault.OK;
        }
        double draw = random.nextDouble();
        if ((draw -= throttleRate) < 0) {
            return Fault.THROTTLE;
        }
        if ((draw -= serviceUnavailableRate) < 0) {
            return Fault.UNAVAILABLE;
        }
        if ((draw -= internalFailureRate) < 0) {
            return Fault.INTERNAL_FAILURE;
        }
        return draw - dropConnectionRate < 0 ? Fault.DROP_CONNECTION : Fault.OK;
    }

    private Duration drawLatency() {
        if (minLatency.equals(maxLatency)) {
            return minLatency;
        }
        return Duration.ofNanos(random.nextLong(minLatency.toNanos(), maxLatency.toNanos() + 1));
    }

    private Faults changed() {
        active = !script.isEmpty() || throttleRate > 0 || serviceUnavailableRate > 0 || internalFailureRate > 0
                 || dropConnectionRate > 0 || entryFailureRate > 0 || !maxLatency.isZero();
        return this;
    }

    private static void checkCallRates(double throttle, double unavailable, double internal, double drop) {
        checkRate(throttle);
        checkRate(unavailable);
        checkRate(internal);
        checkRate(drop);
        if (throttle + unavailable + internal + drop > 1.0 + 1e-9) {
            throw new IllegalArgumentException("the throttle, unavailable, internal failure and drop rates add up to "
                    + (throttle + unavailable + internal + drop) + ", more than 1");
        }
    }

    private static void checkRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("a rate must be between 0 and 1, was " + rate);
        }
    }
}
