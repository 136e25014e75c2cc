package io.github.cameliotanalytics;

import java.util.Map;
import java.util.Set;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Health of the producers of an {@code iotanalytics:} endpoint (one check per endpoint), from the outcome of its
 * BatchPutMessage calls: DOWN when the last call was refused for its credentials or because the channel does not exist,
 * or after {@value #FAILED_CALLS_FOR_DOWN} failed calls in a row; UP again as soon as a call succeeds. With
 * {@code spoolDirectory}, also DOWN while the spool is full or its oldest message is older than
 * {@code spoolHealthMaxAge}.
 */
public class IoTAnalyticsProducerHealthCheck extends AbstractHealthCheck {

    /** Failed calls in a row after which the producer is DOWN whatever the error. */
    public static final int FAILED_CALLS_FOR_DOWN = 5;

    private static final Set<String> FATAL_ERROR_CODES = Set.of(
            "ResourceNotFoundException", "UnrecognizedClientException", "InvalidSignatureException",
            "MissingAuthenticationTokenException", "AccessDeniedException", "ExpiredTokenException",
            "InvalidClientTokenId", "SignatureDoesNotMatch");

    private final IoTAnalyticsEndpoint endpoint;

    public IoTAnalyticsProducerHealthCheck(IoTAnalyticsEndpoint endpoint) {
        super("camel", "producer:iotanalytics-" + endpoint.getId());
        this.endpoint = endpoint;
    }

    @Override
    public boolean isLiveness() {
        // a service problem should not restart the application
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        IoTAnalyticsStatistics statistics = endpoint.getStatistics();
        String errorCode = statistics.lastCallErrorCode();
        builder.detail("channel", endpoint.getConfiguration().getChannelName());
        SpoolStatus spool = endpoint.getSpoolStatus();
        if (spool != null) {
            long age = spool.oldestMessageAgeMillis();
            builder.detail("spool.messages", spool.spool().records());
            builder.detail("spool.bytes", spool.spool().bytes());
            builder.detail("spool.oldest.message.age.ms", age);
            if (spool.full()) {
                builder.message("The spool is full: " + spool.spool().bytes() + " of " + spool.maxBytes() + " bytes");
                builder.down();
                return;
            }
            if (age > endpoint.getConfiguration().getSpoolHealthMaxAge()) {
                builder.message("The oldest spooled message waits for " + age + " ms, longer than spoolHealthMaxAge");
                builder.down();
                return;
            }
        }
        if (errorCode == null) {
            builder.up();
            return;
        }
        builder.detail("error.code", errorCode);
        builder.detail("failed.calls.in.a.row", statistics.consecutiveFailedCalls());
        if (FATAL_ERROR_CODES.contains(errorCode) || statistics.consecutiveFailedCalls() >= FAILED_CALLS_FOR_DOWN) {
            builder.message("BatchPutMessage calls fail with " + errorCode);
            builder.down();
        } else {
            builder.up();
        }
    }
}
