package io.github.cameliotanalytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import io.github.cameliotanalytics.batch.BatchCall;
import io.github.cameliotanalytics.batch.EntryError;
import io.github.cameliotanalytics.batch.PendingMessage;
import io.github.cameliotanalytics.batch.SendFailure;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageErrorEntry;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;
import software.amazon.awssdk.services.iotanalytics.model.Message;

/**
 * Sends a batch with the SDK, and classifies what fails. The request is built, marshalled and signed on a thread of
 * the call pool, never on the engine's sender thread (marshalling 100 payloads is the largest cost of a call). With
 * the asynchronous client (the one the component builds) the pool has a thread per core and a call in flight holds a
 * connection, not a thread; a user's synchronous client holds a thread of the pool for each call in flight. What
 * fails is:
 * <ul>
 * <li>throttled: a 429 or a throttling error code;</li>
 * <li>retryable: a 5xx answer; an I/O error (connection refused or dropped, read timeout) or a call timeout, after which
 * the service may have stored the batch; a call the pool refused (nothing was sent);</li>
 * <li>fatal: every other answer (4xx), an untrusted certificate, credentials that cannot be loaded, any other client
 * or configuration error, and anything a user-supplied client throws.</li>
 * </ul>
 */
final class SdkBatchCall implements BatchCall {

    /**
     * How long past {@code requestTimeout} a call may stay unanswered before it counts as timed out: the SDK's own
     * call timeout ends it first; this bounds a client (or a call thread) that does not.
     */
    static final Duration ANSWER_GRACE = Duration.ofSeconds(2);

    private final Function<BatchPutMessageRequest, CompletableFuture<BatchPutMessageResponse>> client;
    private final Executor callPool;

    private SdkBatchCall(Function<BatchPutMessageRequest, CompletableFuture<BatchPutMessageResponse>> client,
                         Executor callPool) {
        this.client = client;
        this.callPool = callPool;
    }

    /** Sends with the asynchronous client; the answer completes on the SDK's response threads. */
    static SdkBatchCall async(IoTAnalyticsAsyncClient client, Executor callPool) {
        return new SdkBatchCall(client::batchPutMessage, callPool);
    }

    /** Sends with the synchronous client, which holds its thread of {@code callPool} until the answer. */
    static SdkBatchCall sync(IoTAnalyticsClient client, Executor callPool) {
        return new SdkBatchCall(request -> CompletableFuture.completedFuture(client.batchPutMessage(request)), callPool);
    }

    @Override
    public CompletableFuture<List<EntryError>> send(String channelName, List<PendingMessage> messages, Duration timeout) {
        CompletableFuture<List<EntryError>> answer = new CompletableFuture<>();
        try {
            callPool.execute(() -> call(channelName, messages, timeout, answer));
        } catch (RejectedExecutionException e) {
            // the pool is full or stopping: nothing was sent, the messages are tried again
            answer.completeExceptionally(new SendFailure(SendFailure.Kind.RETRYABLE, "CallRejected",
                    "No call thread free: " + e.getMessage(), false, e));
        }
        // every failure, the timeout's included, is classified here, once
        return answer.orTimeout(timeout.plus(ANSWER_GRACE).toNanos(), TimeUnit.NANOSECONDS)
                .exceptionally(failure -> {
                    throw classify(failure);
                });
    }

    /** On a call thread: builds the request and makes the call; its answer, or its failure, completes {@code answer}. */
    private void call(String channelName, List<PendingMessage> messages, Duration timeout,
                      CompletableFuture<List<EntryError>> answer) {
        try {
            List<Message> sdkMessages = new ArrayList<>(messages.size());
            for (PendingMessage message : messages) {
                sdkMessages.add(Message.builder().messageId(message.messageId())
                        .payload(SdkBytes.fromByteArrayUnsafe(message.payload())).build());
            }
            BatchPutMessageRequest request = BatchPutMessageRequest.builder()
                    .channelName(channelName)
                    .messages(sdkMessages)
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                    .build();
            client.apply(request).whenComplete((response, failure) -> {
                try {
                    if (failure != null) {
                        answer.completeExceptionally(failure);
                    } else {
                        answer.complete(errors(response.batchPutMessageErrorEntries()));
                    }
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (Throwable e) {
            // a client that throws instead of failing its future
            answer.completeExceptionally(e);
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

    /** The class of a call's failure, by what it means: see {@link FailureClassifier}. */
    static SendFailure classify(Throwable failure) {
        return FailureClassifier.classify(failure);
    }
}
