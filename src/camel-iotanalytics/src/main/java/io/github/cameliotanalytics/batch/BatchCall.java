package io.github.cameliotanalytics.batch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one batch to the service. The engine calls it from the thread that sends (a caller that filled a batch, the
 * thread of an earlier answer, or its sender loop): an implementation may build and sign the request there, but must
 * not wait for the answer; it returns at once and completes the future later. The engine cancels the future when the
 * call had no answer within {@code requestTimeout}: an implementation then aborts the call.
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
