package io.github.cameliotanalytics.batch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one batch to the service. The engine calls it from its sender thread and must not be held up: an
 * implementation returns at once and completes the future later (the SDK's sync client runs on a pool of its own).
 */
@FunctionalInterface
public interface BatchCall {

    /**
     * @param  channelName the channel of every message
     * @param  messages    at most 100 messages with unique messageIds
     * @param  timeout     how long the call may take ({@code requestTimeout})
     * @return             the messages the service refused (none when all were stored); or completes exceptionally,
     *                     with a {@link SendFailure} that says whether the call is worth another attempt (any other
     *                     exception counts as a fatal failure)
     */
    CompletableFuture<List<EntryError>> send(String channelName, List<PendingMessage> messages, Duration timeout);
}
