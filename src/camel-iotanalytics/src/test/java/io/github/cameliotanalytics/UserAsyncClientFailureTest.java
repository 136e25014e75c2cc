package io.github.cameliotanalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user-supplied asynchronous client (autowired from the registry) that fails in the ways a client of our own never
 * does: its future fails with an {@code Error}, it throws instead of returning a future, or it never answers. Each
 * message gets its outcome, and nothing hangs.
 */
class UserAsyncClientFailureTest {

    @Test
    void aFutureThatFailsWithAnErrorFailsTheMessagesOfTheCall() throws Exception {
        List<Exchange> done = sendThree(request -> CompletableFuture.failedFuture(new AssertionError("a bug")),
                "batchSize=3&batchTimeout=5000");

        assertThat(done).allSatisfy(exchange -> assertThat(
                exchange.getException(MessageNotDeliveredException.class).getErrorCode()).isEqualTo("AssertionError"));
    }

    @Test
    void aClientThatThrowsInsteadOfReturningAFutureFailsTheMessagesOfTheCall() throws Exception {
        List<Exchange> done = sendThree(request -> {
            throw new IllegalStateException("a bug");
        }, "batchSize=3&batchTimeout=5000");

        assertThat(done).allSatisfy(exchange -> assertThat(
                exchange.getException(MessageNotDeliveredException.class).getErrorCode())
                .isEqualTo("IllegalStateException"));
    }

    @Test
    void aCallNeverAnsweredCountsAsTimedOutAndItsMessagesAreSentAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Exchange> done = sendThree(request -> calls.incrementAndGet() == 1
                ? new CompletableFuture<>()
                : CompletableFuture.completedFuture(BatchPutMessageResponse.builder().build()),
                "batchSize=3&batchTimeout=5000&requestTimeout=100&maxInFlightBatches=1");

        assertThat(done).allSatisfy(exchange -> assertThat(exchange.getException()).isNull());
        assertThat(calls).hasValue(2);
    }

    private static List<Exchange> sendThree(
            Function<BatchPutMessageRequest, CompletableFuture<BatchPutMessageResponse>> answer, String options)
            throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("userAsyncClient", new IoTAnalyticsAsyncClient() {
                @Override
                public CompletableFuture<BatchPutMessageResponse> batchPutMessage(BatchPutMessageRequest request) {
                    return answer.apply(request);
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
            ProducerTemplate template = context.createProducerTemplate();
            List<CompletableFuture<Exchange>> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String body = "{\"n\":" + i + "}";
                sent.add(template.asyncSend("iotanalytics:plant_sensors?" + options, e -> e.getMessage().setBody(body)));
            }
            List<Exchange> done = new ArrayList<>();
            for (CompletableFuture<Exchange> future : sent) {
                done.add(future.get(30, TimeUnit.SECONDS));
            }
            return done;
        }
    }
}
