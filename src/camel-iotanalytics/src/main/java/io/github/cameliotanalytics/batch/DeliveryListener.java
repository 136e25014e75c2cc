package io.github.cameliotanalytics.batch;

/**
 * Learns the outcome of a {@link PendingMessage}: called exactly once per message, on a producer thread.
 */
public interface DeliveryListener {

    void delivered(PendingMessage message);

    void failed(PendingMessage message, DeliveryFailure failure);
}
