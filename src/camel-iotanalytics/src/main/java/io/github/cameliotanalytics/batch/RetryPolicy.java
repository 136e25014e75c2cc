package io.github.cameliotanalytics.batch;

import java.time.Duration;
import java.util.Set;

import javax.net.ssl.SSLHandshakeException;

import org.apache.camel.util.ObjectHelper;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * Which failures are worth another attempt, and how long to wait before it (the SDK's exponential backoff with full
 * jitter). Retryable: throttling, 5xx answers, I/O errors and call timeouts, and entries rejected with
 * {@code ThrottlingException}, {@code ServiceUnavailableException} or {@code InternalFailureException}. Everything else
 * (InvalidRequest, ResourceNotFound, 4xx, an untrusted certificate, bad input) fails at once.
 */
final class RetryPolicy {

    private static final Set<String> RETRYABLE_ENTRY_CODES
            = Set.of("ThrottlingException", "ServiceUnavailableException", "InternalFailureException");

    private final BackoffStrategy backoff
            = BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(5));

    boolean isRetryable(SdkException e) {
        if (e instanceof SdkServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        // a certificate that is not trusted will not be trusted on the next attempt either
        return e instanceof SdkClientException && ObjectHelper.getException(SSLHandshakeException.class, e) == null;
    }

    boolean isThrottling(SdkException e) {
        return e instanceof SdkServiceException service && service.isThrottlingException();
    }

    boolean isRetryableEntry(String errorCode) {
        return RETRYABLE_ENTRY_CODES.contains(errorCode);
    }

    /** The delay before attempt number {@code attempt + 1}, for a message attempted {@code attempt} times. */
    long backoffNanos(int attempt) {
        return backoff.computeDelay(Math.max(1, attempt)).toNanos();
    }

    static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    static String errorMessage(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorMessage() != null) {
            return aws.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
