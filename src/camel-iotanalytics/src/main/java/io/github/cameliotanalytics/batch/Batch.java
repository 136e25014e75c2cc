package io.github.cameliotanalytics.batch;

import java.util.List;

/**
 * Messages for one channel, sent together in one BatchPutMessage call; their messageIds are unique.
 */
record Batch(String channelName, List<PendingMessage> messages) {

    /** The earliest delivery deadline of the batch (nanoTime). */
    long earliestDeadline() {
        long earliest = Long.MAX_VALUE;
        for (PendingMessage message : messages) {
            earliest = Math.min(earliest, message.deadline());
        }
        return earliest;
    }
}
