package io.github.cameliotanalytics.emulator;

/** What the emulator does with one BatchPutMessage call, as drawn from the fault rates or taken from a script. */
public enum Fault {
    /** Handle the call normally. */
    OK,
    /** Answer 429 ThrottlingException. */
    THROTTLE,
    /** Answer 503 ServiceUnavailableException. */
    UNAVAILABLE,
    /** Answer 500 InternalFailureException. */
    INTERNAL_FAILURE,
    /** Close the connection without sending any response; the call is not processed. */
    DROP_CONNECTION,
    /**
     * Send nothing until {@link Faults#hangDuration(java.time.Duration) the hang duration} has passed (or the emulator
     * stops), then close the connection; the call is not processed. Use it to go past a client's timeout.
     */
    HANG
}
