package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Walks the official service model and checks the emulator against it. */
class ModelConformanceTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.create();

    /** A valid request for each operation, against a channel named {@code model}. */
    private static final Map<Operation, String> VALID_CALLS = Map.of(
            Operation.BATCH_PUT_MESSAGE, "{\"channelName\":\"model\",\"messages\":[{\"messageId\":\"1\",\"payload\":\"e30=\"}]}",
            Operation.CREATE_CHANNEL, "{\"channelName\":\"created\"}",
            Operation.LIST_CHANNELS, "",
            Operation.DESCRIBE_CHANNEL, "",
            Operation.UPDATE_CHANNEL, "{\"retentionPeriod\":{\"numberOfDays\":2}}",
            Operation.DELETE_CHANNEL, "",
            Operation.SAMPLE_CHANNEL_DATA, "");

    private static JsonNode model;

    @BeforeAll
    static void readModel() throws IOException {
        try (InputStream in = ModelConformanceTest.class.getResourceAsStream(
                "/aws-model/botocore-iotanalytics-2017-11-27-service-2.json")) {
            model = new ObjectMapper().readTree(in);
        }
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void httpBindingMatchesTheModel(Operation operation) {
        JsonNode http = model.path("operations").path(operation.modelName()).path("http");

        assertThat(http.isMissingNode()).as("%s is in the model", operation.modelName()).isFalse();
        assertThat(operation.method()).isEqualTo(http.path("method").asText());
        assertThat(operation.pathTemplate()).isEqualTo(http.path("requestUri").asText());
        assertThat(operation.successStatus()).isEqualTo(http.path("responseCode").asInt(200));
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void aValidCallAnswersTheModelsSuccessCode(Operation operation) {
        EMULATOR.emulator().createChannel("model");
        String path = operation.pathTemplate().replace(Operation.CHANNEL_NAME_LABEL, "model");
        String body = VALID_CALLS.get(operation);

        HttpResponse<String> response = RawHttp.send(EMULATOR.emulator(), operation.method(), path,
                body.isEmpty() ? null : body);

        JsonNode http = model.path("operations").path(operation.modelName()).path("http");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(http.path("responseCode").asInt(200));
    }

    @Test
    void everyErrorOfTheImplementedOperationsHasTheModelsStatus() {
        Set<String> checked = new TreeSet<>();
        List<String> mismatches = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            for (JsonNode error : model.path("operations").path(operation.modelName()).path("errors")) {
                String name = error.path("shape").asText();
                int modelStatus = model.path("shapes").path(name).path("error").path("httpStatusCode").asInt();
                ServiceError emulated = modeledError(name);
                if (emulated == null || emulated.httpStatus() != modelStatus) {
                    mismatches.add(operation.modelName() + "/" + name + ": model " + modelStatus + ", emulator "
                                   + (emulated == null ? "none" : emulated.httpStatus()));
                }
                checked.add(name);
            }
        }

        assertThat(mismatches).isEmpty();
        assertThat(checked).containsExactly("InternalFailureException", "InvalidRequestException",
                "LimitExceededException", "ResourceAlreadyExistsException", "ResourceNotFoundException",
                "ServiceUnavailableException", "ThrottlingException");
    }

    @Test
    void errorShapesWithExtraMembersAreTheOnesTheEmulatorFills() {
        JsonNode members = model.path("shapes").path("ResourceAlreadyExistsException").path("members");

        List<String> names = new ArrayList<>();
        members.fieldNames().forEachRemaining(names::add);

        assertThat(names).containsExactlyInAnyOrder("message", "resourceId", "resourceArn");
    }

    @Test
    void theImplementedOperationsAreTheChannelOnesAndBatchPutMessage() {
        Set<Operation> implemented = EnumSet.allOf(Operation.class);
        List<String> channelOperations = new ArrayList<>();
        model.path("operations").properties().forEach(entry -> {
            if (entry.getValue().path("http").path("requestUri").asText().startsWith("/channels")) {
                channelOperations.add(entry.getKey());
            }
        });

        assertThat(implemented).extracting(Operation::modelName)
                .containsAll(channelOperations)
                .contains("BatchPutMessage");
    }

    private static ServiceError modeledError(String code) {
        for (ServiceError error : ServiceError.values()) {
            if (error.code().equals(code)) {
                return error;
            }
        }
        return null;
    }
}
