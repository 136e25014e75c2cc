package io.github.cameliotanalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user-supplied client (autowired from the registry) that throws an {@code Error}: each message of the call fails
 * with it, and nothing hangs, not even at stop.
 */
class UserClientErrorTest {

    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.getRegistry().bind("throwingClient", new IoTAnalyticsClient() {
            @Override
            public BatchPutMessageResponse batchPutMessage(BatchPutMessageRequest request) {
                throw new AssertionError("a bug in a user-supplied client");
            }

            @Override
            public String serviceName() {
                return "iotanalytics";
            }

            @Override
            public void close() {
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void anErrorThrownByAUserSuppliedClientFailsTheMessagesOfTheCallAndNothingHangs() throws Exception {
        ProducerTemplate template = context.createProducerTemplate();
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String body = "{\"n\":" + i + "}";
            sent.add(template.asyncSend("iotanalytics:plant_sensors?batchSize=3&batchTimeout=5000",
                    e -> e.getMessage().setBody(body)));
        }

        for (CompletableFuture<Exchange> future : sent) {
            Exchange exchange = future.get(30, TimeUnit.SECONDS);
            assertThat(exchange.getException(MessageNotDeliveredException.class).getErrorCode())
                    .isEqualTo("AssertionError");
        }
    }
}
