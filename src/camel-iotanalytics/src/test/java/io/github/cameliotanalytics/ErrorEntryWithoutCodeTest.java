package io.github.cameliotanalytics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.github.cameliotanalytics.batch.DeliveryFailure;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service that answers an error entry without {@code errorCode} (the model does not require one): the emulator never
 * does, so a tiny HTTP server on 127.0.0.1 gives that answer to the real SDK client.
 */
class ErrorEntryWithoutCodeTest {

    private HttpServer server;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/messages/batch", http -> {
            http.getRequestBody().readAllBytes();
            byte[] answer = "{\"batchPutMessageErrorEntries\":[{\"messageId\":\"m-0\",\"errorMessage\":\"refused\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().add("Content-Type", "application/json");
            http.sendResponseHeaders(200, answer.length);
            http.getResponseBody().write(answer);
            http.close();
        });
        server.start();
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        server.stop(0);
    }

    @Test
    void anErrorEntryWithoutACodeFailsItsMessageWithTheDefaultCodeAndTheOthersAreDelivered() throws Exception {
        String uri = "iotanalytics:plant_sensors?region=eu-west-1&accessKey=AKIDTEST&secretKey=test&batchSize=2"
                     + "&batchTimeout=5000&overrideEndpoint=true&uriEndpointOverride=http://127.0.0.1:"
                     + server.getAddress().getPort();
        ProducerTemplate template = context.createProducerTemplate();

        List<CompletableFuture<Exchange>> sent = List.of(
                template.asyncSend(uri, e -> {
                    e.getMessage().setBody("{\"a\":0}");
                    e.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, "m-0");
                }),
                template.asyncSend(uri, e -> {
                    e.getMessage().setBody("{\"a\":1}");
                    e.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, "m-1");
                }));

        Exchange refused = sent.get(0).get(30, TimeUnit.SECONDS);
        assertThat(refused.getException(MessageNotDeliveredException.class).getErrorCode())
                .isEqualTo(DeliveryFailure.UNKNOWN_ENTRY_ERROR);
        assertThat(refused.getMessage().getHeader(IoTAnalyticsConstants.ERROR_MESSAGE)).isEqualTo("refused");
        assertThat(sent.get(1).get(30, TimeUnit.SECONDS).getException()).isNull();
    }
}
