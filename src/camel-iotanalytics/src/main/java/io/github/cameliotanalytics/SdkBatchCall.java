package io.github.cameliotanalytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

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
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageErrorEntry;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.Message;

/**
 * Sends a batch with the SDK's synchronous client, on a pool of call threads (one per call in flight), and classifies
 * what fails:
 * <ul>
 * <li>throttled: a 429 or a throttling error code;</li>
 * <li>retryable: a 5xx answer; an I/O error (connection refused or dropped, read timeout) or a call timeout, after which
 * the service may have stored the batch;</li>
 * <li>fatal: every other answer (4xx), an untrusted certificate, credentials that cannot be loaded, any other client
 * or configuration error, and anything a user-supplied client throws.</li>
 * </ul>
 */
final class SdkBatchCall implements BatchCall {

    private final IoTAnalyticsClient client;
    private final ExecutorService callThreads;

    SdkBatchCall(IoTAnalyticsClient client, ExecutorService callThreads) {
        this.client = client;
        this.callThreads = callThreads;
    }

    @Override
    public CompletableFuture<List<EntryError>> send(String channelName, List<PendingMessage> messages, Duration timeout) {
        CompletableFuture<List<EntryError>> answer = new CompletableFuture<>();
        try {
            callThreads.execute(() -> {
                try {
                    answer.complete(call(channelName, messages, timeout));
                } catch (Throwable e) {
                    answer.completeExceptionally(classify(e));
                }
            });
        } catch (RejectedExecutionException e) {
            // every call thread busy or the pool stopping: nothing was sent, the messages are tried again
            answer.completeExceptionally(new SendFailure(SendFailure.Kind.RETRYABLE, "CallRejected",
                    "No call thread free: " + e.getMessage(), false, e));
        }
        return answer;
    }

    private List<EntryError> call(String channelName, List<PendingMessage> messages, Duration timeout) {
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
        List<BatchPutMessageErrorEntry> entries = client.batchPutMessage(request).batchPutMessageErrorEntries();
        if (entries.isEmpty()) {
            return List.of();
        }
        List<EntryError> errors = new ArrayList<>(entries.size());
        entries.forEach(entry -> errors.add(new EntryError(entry.messageId(), entry.errorCode(), entry.errorMessage())));
        return errors;
    }

    static SendFailure classify(Throwable e) {
        if (e instanceof SdkServiceException service) {
            String code = errorCode(service);
            String message = errorMessage(service);
            if (service.isThrottlingException() || service.statusCode() == 429) {
                return new SendFailure(SendFailure.Kind.THROTTLED, code, message, false, e);
            }
            SendFailure.Kind kind = service.statusCode() >= 500 ? SendFailure.Kind.RETRYABLE : SendFailure.Kind.FATAL;
            return new SendFailure(kind, code, message, false, e);
        }
        String code = e.getClass().getSimpleName();
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new SendFailure(SendFailure.Kind.RETRYABLE, code, e.getMessage(), true, e);
        }
        if (e instanceof SdkClientException && !hasCause(e, SSLHandshakeException.class)
                && !hasCause(e, SSLPeerUnverifiedException.class) && !hasCause(e, CertificateException.class)
                && (hasCause(e, IOException.class) || hasCause(e, UncheckedIOException.class))) {
            return new SendFailure(SendFailure.Kind.RETRYABLE, code, e.getMessage(), true, e);
        }
        return new SendFailure(SendFailure.Kind.FATAL, code, String.valueOf(e.getMessage()), false, e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String errorCode(SdkServiceException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    private static String errorMessage(SdkServiceException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorMessage() != null) {
            return aws.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
