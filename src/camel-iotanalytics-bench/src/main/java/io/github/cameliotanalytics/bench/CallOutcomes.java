package io.github.cameliotanalytics.bench;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;

/**
 * The client given to the component in the quota scenarios: it counts every BatchPutMessage call of the client it
 * wraps by its outcome, on the sender's side. The count of throttled calls is exact because the wrapped client is the
 * component's own ({@code IoTAnalyticsClientFactory}), which never retries: each call here is one HTTP request, and a
 * call the service throttled ends here as a {@code ThrottlingException} (429) before the producer retries it as a new
 * call. The endpoint's {@code errorsByCode} statistics could not tell: they count the messages that finally failed,
 * not the calls retried.
 */
final class CallOutcomes extends ObservedClient {

    private final LongAdder calls = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder otherFailures = new LongAdder();

    CallOutcomes(IoTAnalyticsAsyncClient delegate) {
        super(delegate);
    }

    @Override
    void ended(long startNanos, Throwable failure) {
        calls.increment();
        if (failure != null) {
            (isThrottling(failure) ? throttled : otherFailures).increment();
        }
    }

    /** Whether the service answered 429 or {@code ThrottlingException}, however the future wraps it. */
    static boolean isThrottling(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof AwsServiceException service && (service.statusCode() == 429
                || service.awsErrorDetails() != null && "ThrottlingException".equals(service.awsErrorDetails().errorCode()));
    }

    /** Calls answered (or failed) so far. */
    long calls() {
        return calls.sum();
    }

    long throttled() {
        return throttled.sum();
    }

    long otherFailures() {
        return otherFailures.sum();
    }
}
