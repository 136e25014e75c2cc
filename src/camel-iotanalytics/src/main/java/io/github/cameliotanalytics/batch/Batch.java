package io.github.cameliotanalytics.batch;

import java.util.List;

/**
 * Messages for one channel, sent together in one BatchPutMessage call; their messageIds are unique.
 */
final class Batch {

    private final String channelName;
    private final List<PendingMessage> messages;
    private final long earliestDeadline;

    Batch(String channelName, List<PendingMessage> messages) {
        this.channelName = channelName;
        this.messages = messages;
        long earliest = messages.get(0).deadline();
        for (PendingMessage message : messages) {
            if (message.deadline() - earliest < 0) {
                earliest = message.deadline();
            }
        }
        this.earliestDeadline = earliest;
    }

    String channelName() {
        return channelName;
    }

    List<PendingMessage> messages() {
        return messages;
    }

    /** Nanoseconds from {@code now} to the earliest deadline of the batch (0 when one has passed). */
    long nanosToEarliestDeadline(long now) {
        return Math.max(0, earliestDeadline - now);
    }
}
