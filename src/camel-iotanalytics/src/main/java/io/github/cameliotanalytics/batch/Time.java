package io.github.cameliotanalytics.batch;

/**
 * The clock of the engine, handed in so that tests can move time by hand. Values are compared by difference, as
 * {@link System#nanoTime()} values must be.
 */
@FunctionalInterface
public interface Time {

    /** The system's monotonic clock. */
    Time SYSTEM = System::nanoTime;

    long nanoTime();
}
