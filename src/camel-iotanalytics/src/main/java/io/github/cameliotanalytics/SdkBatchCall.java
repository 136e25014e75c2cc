package io.github.cameliotanalytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.github.cameliotanalytics.batch.BatchCall;
import io.github.cameliotanalytics.batch.EntryError;
import io.github.cameliotanalytics.batch.PendingMessage;
import io.github.cameliotanalytics.batch.SendFailure;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageErrorEntry;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;
import software.amazon.awssdk.services.iotanalytics.model.Message;

/**
 * Sends a batch with the SDK, and classifies what fails. With the asynchronous client (the one the component builds)
 * the request is built, marshalled and signed on the thread that sends (a caller that filled a batch, the response
 * thread of an earlier answer, or the engine's sender loop), and a call in flight holds a connection, not a thread; its
 * answer completes on the SDK's response thread. A user's synchronous client holds a thread of the call pool for each
 * call in flight. The call carries no timer: the engine ends it at {@code requestTimeout} by cancelling the future,
 * which aborts the request. What fails is classed by {@link FailureClassifier}.
 */
final class SdkBatchCall implements BatchCall {

    private final IoTAnalyticsAsyncClient asyncClient;
    private final IoTAnalyticsClient syncClient;
    private final Executor callPool;

    private SdkBatchCall(IoTAnalyticsAsyncClient asyncClient, IoTAnalyticsClient syncClient, Executor callPool) {
        this.asyncClient = asyncClient;
        this.syncClient = syncClient;
        this.callPool = callPool;
    }

    /** Sends with the asynchronous client, from the thread that sends; the answer completes on the SDK's threads. */
    static SdkBatchCall async(IoTAnalyticsAsyncClient client) {
        return new SdkBatchCall(client, null, null);
    }

    /**
     * Sends with the synchronous client, which holds its thread of {@code callPool} until the answer; the SDK's own
     * {@code apiCallTimeout} bounds that thread.
     */
    static SdkBatchCall sync(IoTAnalyticsClient client, Executor callPool) {
        return new SdkBatchCall(null, client, callPool);
    }

    @Override
    public CompletableFuture<List<EntryError>> send(String channelName, List<PendingMessage> messages, Duration timeout) {
        Answer answer = new Answer();
        if (asyncClient != null) {
            try {
                answer.follow(asyncClient.batchPutMessage(request(channelName, messages, null)));
            } catch (Throwable e) {
                // a client that throws instead of failing its future
                answer.completeExceptionally(FailureClassifier.classify(e));
            }
            return answer;
        }
        try {
            callPool.execute(() -> {
                try {
                    answer.complete(errors(syncClient.batchPutMessage(request(channelName, messages, timeout))
                            .batchPutMessageErrorEntries()));
                } catch (Throwable e) {
                    answer.completeExceptionally(FailureClassifier.classify(e));
                }
            });
        } catch (RejectedExecutionException e) {
            // the pool is full or stopping: nothing was sent, the messages are tried again
            answer.completeExceptionally(new SendFailure(SendFailure.Kind.RETRYABLE, "CallRejected",
                    "No call thread free: " + e.getMessage(), false, e));
        }
        return answer;
    }

    /** The request of one batch; with {@code timeout}, the SDK bounds the call (the synchronous client only). */
    private static BatchPutMessageRequest request(String channelName, List<PendingMessage> messages, Duration timeout) {
        List<Message> sdkMessages = new ArrayList<>(messages.size());
        for (PendingMessage message : messages) {
            sdkMessages.add(Message.builder().messageId(message.messageId())
                    .payload(SdkBytes.fromByteArrayUnsafe(message.payload())).build());
        }
        BatchPutMessageRequest.Builder request = BatchPutMessageRequest.builder()
                .channelName(channelName)
                .messages(sdkMessages);
        if (timeout != null) {
            request.overrideConfiguration(o -> o.apiCallTimeout(timeout));
        }
        return request.build();
    }

    /** The answer of one call: completed from the SDK's future, and cancelling it aborts the SDK's request. */
    private static final class Answer extends CompletableFuture<List<EntryError>> {

        private volatile CompletableFuture<BatchPutMessageResponse> request;

        void follow(CompletableFuture<BatchPutMessageResponse> sdkCall) {
            request = sdkCall;
            sdkCall.whenComplete((response, failure) -> {
                try {
                    if (failure != null) {
                        completeExceptionally(FailureClassifier.classify(failure));
                    } else {
                        complete(errors(response.batchPutMessageErrorEntries()));
                    }
                } catch (Throwable e) {
                    completeExceptionally(FailureClassifier.classify(e));
                }
            });
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            CompletableFuture<BatchPutMessageResponse> sdkCall = request;
            if (sdkCall != null) {
                sdkCall.cancel(mayInterruptIfRunning);
            }
            return super.cancel(mayInterruptIfRunning);
        }
    }

    private static List<EntryError> errors(List<BatchPutMessageErrorEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<EntryError> errors = new ArrayList<>(entries.size());
        entries.forEach(entry -> errors.add(new EntryError(entry.messageId(), entry.errorCode(), entry.errorMessage())));
        return errors;
    }
}
