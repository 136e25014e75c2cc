package io.github.cameliotanalytics;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import io.github.cameliotanalytics.batch.SendFailure;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * Classifies a failed BatchPutMessage call by what its failure means, read from the whole chain of causes (the
 * {@code CompletionException} and {@code ExecutionException} wrappers taken off), never from the top-level class
 * alone. The first rule that applies wins:
 * <ol>
 * <li>a {@link SendFailure} already classified stays as it is;</li>
 * <li>an answer of the service (an {@link SdkServiceException} anywhere in the chain): THROTTLED when the SDK takes it
 * for throttling (429 or a throttling error code); RETRYABLE when the SDK's standard retry strategy would retry it (500,
 * 502, 503, 504, a clock skew the SDK corrects from the answer); FATAL otherwise (400, 403, 404, 413...). Its code is
 * the service's error code;</li>
 * <li>a TLS handshake that failed, a certificate not trusted or not for the host: FATAL, since another attempt meets
 * the same certificate; its code is the TLS exception's class;</li>
 * <li>a timeout (the call's {@code requestTimeout}, an attempt timeout, or the HTTP client's wait for a free
 * connection): RETRYABLE;</li>
 * <li>what the SDK's standard retry strategy retries (an {@link java.io.IOException} anywhere in the chain: connection
 * refused, reset or closed, an unknown host; the SDK's {@code RetryableException}): RETRYABLE;</li>
 * <li>everything else: FATAL (credentials that cannot be loaded, the SDK's {@code NonRetryableException}, a bug in a
 * supplied client, an {@code Error}).</li>
 * </ol>
 * A retryable failure may have left the batch stored ({@link SendFailure#mayHaveBeenStored()}) unless it happened
 * before the request was written: a connection refused or timed out, an unknown host, no connection free in the pool,
 * a failed TLS handshake. A 502 or 504 (an intermediary answered) may have left it stored; the service's own answers
 * did not. The code of a failure that is not the service's answer nor TLS is the simple name of its outermost exception
 * ({@code SdkClientException}, {@code ApiCallTimeoutException}...).
 * <p>
 * Stateless; called on whichever thread completes the call.
 */
final class FailureClassifier {

    /**
     * Asked whether the SDK would retry a failure: the SDK's standard strategy with the AWS conditions, without its
     * circuit breaker (so asking never uses up retry capacity). Thread-safe.
     */
    private static final RetryStrategy SDK_RETRY_RULES = AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(2)
            .circuitBreakerEnabled(false)
            .build();

    /** Status codes of an intermediary (gateway, proxy) answering for the service, which may have stored the batch. */
    private static final int BAD_GATEWAY = 502;
    private static final int GATEWAY_TIMEOUT = 504;
    /** How many causes are read at most: a chain longer than that is a loop the JDK did not catch. */
    private static final int MAX_CHAIN = 64;

    private FailureClassifier() {
    }

    /** The class of a call's failure; never throws. */
    static SendFailure classify(Throwable failure) {
        Throwable top = unwrap(failure);
        List<Throwable> chain = chain(top);
        SendFailure known = first(chain, SendFailure.class);
        if (known != null) {
            return known;
        }
        SdkServiceException answer = first(chain, SdkServiceException.class);
        if (answer != null) {
            return answered(answer);
        }
        Throwable tls = tlsFailure(chain);
        if (tls != null) {
            return new SendFailure(SendFailure.Kind.FATAL, tls.getClass().getSimpleName(),
                    "TLS handshake failed: " + tls.getMessage(), false, top);
        }
        if (first(chain, NonRetryableException.class) != null) {
            return fatal(top);
        }
        String code = top.getClass().getSimpleName();
        TimeoutException timeout = first(chain, TimeoutException.class);
        if (timeout != null && timeout != top && top instanceof SdkClientException) {
            // the HTTP client's wait for a connection of its pool (every connection busy, or none could be opened)
            return new SendFailure(SendFailure.Kind.RETRYABLE, code,
                    "No connection of the HTTP client free within its acquire timeout: " + timeout.getMessage(),
                    false, top);
        }
        if (timeout != null || first(chain, ApiCallTimeoutException.class) != null
            || first(chain, ApiCallAttemptTimeoutException.class) != null) {
            return new SendFailure(SendFailure.Kind.RETRYABLE, code, describe(chain), true, top);
        }
        if (chain.stream().anyMatch(FailureClassifier::sdkWouldRetry)) {
            return new SendFailure(SendFailure.Kind.RETRYABLE, code, describe(chain), !failedBeforeSending(chain), top);
        }
        return fatal(top);
    }

    private static SendFailure answered(SdkServiceException answer) {
        String code = errorCode(answer);
        String message = errorMessage(answer);
        if (answer.isThrottlingException()) {
            return new SendFailure(SendFailure.Kind.THROTTLED, code, message, false, answer);
        }
        if (sdkWouldRetry(answer)) {
            int status = answer.statusCode();
            return new SendFailure(SendFailure.Kind.RETRYABLE, code, message,
                    status == BAD_GATEWAY || status == GATEWAY_TIMEOUT, answer);
        }
        return new SendFailure(SendFailure.Kind.FATAL, code, message, false, answer);
    }

    private static SendFailure fatal(Throwable top) {
        return new SendFailure(SendFailure.Kind.FATAL, top.getClass().getSimpleName(), describe(chain(top)), false, top);
    }

    /**
     * The failure's message, followed by its root cause when the message does not already say it (the SDK's message
     * for an unknown host, for one, names the host only in its cause).
     */
    private static String describe(List<Throwable> chain) {
        String message = String.valueOf(chain.get(0).getMessage());
        Throwable root = chain.get(chain.size() - 1);
        if (root == chain.get(0) || root.getMessage() == null || message.contains(root.getMessage())) {
            return message;
        }
        return message + " Cause: " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /**
     * Whether the SDK's own retry strategy would send the call again after this failure. The strategy reads the failure
     * and its direct cause only, and the SDK asks it about the exception of the attempt, which the client may wrap
     * again before it gives it back: each link of the chain is asked.
     */
    private static boolean sdkWouldRetry(Throwable failure) {
        try {
            RetryToken token = SDK_RETRY_RULES.acquireInitialToken(AcquireInitialTokenRequest.create("classify")).token();
            SDK_RETRY_RULES.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
            return true;
        } catch (TokenAcquisitionFailedException notRetried) {
            return false;
        } catch (RuntimeException cannotJudge) {
            // a service exception built without its error details (by a supplied client) makes the AWS condition fail
            return false;
        }
    }

    /** The TLS failure in the chain: a handshake refused, a certificate not trusted or not for the host; or null. */
    private static Throwable tlsFailure(List<Throwable> chain) {
        for (Throwable e : chain) {
            if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException
                || e instanceof CertificateException || e instanceof CertPathValidatorException) {
                return e;
            }
        }
        return null;
    }

    /** Whether the chain shows the call failed while connecting, before any of the request was written. */
    private static boolean failedBeforeSending(List<Throwable> chain) {
        for (Throwable e : chain) {
            if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** Takes off the wrappers that only carry a failure across threads. */
    private static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** The failure and its causes, in order, each once. */
    private static List<Throwable> chain(Throwable top) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable e = top; e != null && chain.size() < MAX_CHAIN && !chain.contains(e); e = e.getCause()) {
            chain.add(e);
        }
        return chain;
    }

    private static <T extends Throwable> T first(List<Throwable> chain, Class<T> type) {
        for (Throwable e : chain) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
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
