package io.github.cameliotanalytics.batch;

/**
 * Learns the outcome of a {@link PendingMessage}: exactly one of its methods is called once per message, as soon as the
 * outcome is known, on the thread that learns it (the sender, a call's completion, a submitting or stopping thread).
 * They must be quick and run no user code: they record the outcome and return what completes the caller (a route
 * continuation, which may be slow), or {@code null} when there is nothing to run yet. The engine runs what they return
 * on its worker pool.
 */
public interface DeliveryListener {

    Runnable delivered(PendingMessage message);

    Runnable failed(PendingMessage message, DeliveryFailure failure);
}
