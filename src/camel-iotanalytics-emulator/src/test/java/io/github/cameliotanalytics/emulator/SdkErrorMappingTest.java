package io.github.cameliotanalytics.emulator;

import static io.github.cameliotanalytics.emulator.SdkConformanceTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.InternalFailureException;
import software.amazon.awssdk.services.iotanalytics.model.InvalidRequestException;
import software.amazon.awssdk.services.iotanalytics.model.LimitExceededException;
import software.amazon.awssdk.services.iotanalytics.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iotanalytics.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotanalytics.model.ServiceUnavailableException;
import software.amazon.awssdk.services.iotanalytics.model.ThrottlingException;

/** The SDK turns each error answer into the modeled exception class. */
class SdkErrorMappingTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder()
            .maxChannels(2)
            .build();

    private static IoTAnalyticsClient client() {
        return EMULATOR.emulator().client();
    }

    @Test
    void invalidRequestException() {
        assertThatThrownBy(() -> client().createChannel(r -> r.channelName("bad-name")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("channelName");
                    assertThat(e.requestId()).isNotBlank();
                });
    }

    @Test
    void resourceNotFoundException() {
        assertThatThrownBy(() -> client().batchPutMessage(r -> r.channelName("absent")
                .messages(message("1", "{}"))))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void resourceAlreadyExistsExceptionCarriesIdAndArn() {
        client().createChannel(r -> r.channelName("existing"));

        assertThatThrownBy(() -> client().createChannel(r -> r.channelName("existing")))
                .isInstanceOfSatisfying(ResourceAlreadyExistsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.resourceId()).isEqualTo("existing");
                    assertThat(e.resourceArn()).endsWith(":channel/existing");
                });
    }

    @Test
    void limitExceededException() {
        client().createChannel(r -> r.channelName("first"));
        client().createChannel(r -> r.channelName("second"));

        assertThatThrownBy(() -> client().createChannel(r -> r.channelName("third")))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.statusCode()).isEqualTo(410));
    }

    @Test
    void throttlingServiceUnavailableAndInternalFailureExceptions() {
        EMULATOR.emulator().createChannel("faulty");
        EMULATOR.emulator().faults().script(Fault.THROTTLE, Fault.UNAVAILABLE, Fault.INTERNAL_FAILURE);

        assertThatThrownBy(this::putOne).isInstanceOfSatisfying(ThrottlingException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.isThrottlingException()).isTrue();
        });
        assertThatThrownBy(this::putOne).isInstanceOfSatisfying(ServiceUnavailableException.class,
                e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThatThrownBy(this::putOne).isInstanceOfSatisfying(InternalFailureException.class,
                e -> assertThat(e.statusCode()).isEqualTo(500));
    }

    @Test
    void outOfRangeQueryParametersAreInvalidRequestExceptions() {
        EMULATOR.emulator().createChannel("ranged");

        assertThatThrownBy(() -> client().sampleChannelData(r -> r.channelName("ranged").maxMessages(11)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> client().listChannels(r -> r.maxResults(251)))
                .isInstanceOf(InvalidRequestException.class);
    }

    private void putOne() {
        client().batchPutMessage(r -> r.channelName("faulty").messages(message("1", "{}")));
    }
}
