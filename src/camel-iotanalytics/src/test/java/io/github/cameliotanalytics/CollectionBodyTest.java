package io.github.cameliotanalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.processor.aggregate.GroupedExchangeAggregationStrategy;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageErrorEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body that is a list is that exchange's list of messages.
 */
class CollectionBodyTest extends EmulatorTestSupport {

    private final BlockingQueue<Exchange> aggregated = new LinkedBlockingQueue<>();

    @Override
    void configure(CamelContext context) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:grouped")
                        .aggregate(constant(true), new GroupedExchangeAggregationStrategy()).completionSize(3)
                        .to("iotanalytics:" + CHANNEL + "?batchTimeout=10&failOnErrorEntry=false")
                        .process(aggregated::add);
            }
        });
    }

    @Test
    void aListOfMapsIsSentInChunksOfAtMostOneHundred() {
        List<Map<String, Object>> readings = new ArrayList<>();
        IntStream.range(0, 250).forEach(i -> readings.add(Map.of("device", "d" + i, "temp_01", i)));

        // batches leave when full; the last 50 wait batchTimeout
        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=1000", readings);

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_ENTRIES, List.class)).isEmpty();
        assertThat(emulator().messages(CHANNEL)).hasSize(250);
        assertThat(emulator().stats().batchSizes()).containsExactly(100, 100, 50);
    }

    @Test
    void failedElementsAreListedInTheErrorEntriesHeader() {
        List<String> readings = List.of("{\"ok\":1}", "{\"not-ok\":2}", "{\"ok\":3}", "{\"__no\":4}");

        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10", readings);

        @SuppressWarnings("unchecked")
        List<BatchPutMessageErrorEntry> errors = exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_ENTRIES,
                List.class);
        assertThat(errors).extracting(BatchPutMessageErrorEntry::messageId)
                .containsExactlyInAnyOrder(exchange.getExchangeId() + "-1", exchange.getExchangeId() + "-3");
        assertThat(errors).extracting(BatchPutMessageErrorEntry::errorCode).containsOnly("InvalidRequestException");
        assertThat(exchange.getException(MessageNotDeliveredException.class)).hasMessageContaining("2 message(s)");
        assertThat(emulator().messages(CHANNEL)).hasSize(2);
    }

    @Test
    void anSdkMessageWithoutMessageIdFailsAlone() {
        List<software.amazon.awssdk.services.iotanalytics.model.Message> messages = List.of(
                software.amazon.awssdk.services.iotanalytics.model.Message.builder().messageId("m1")
                        .payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{\"ok\":1}")).build(),
                software.amazon.awssdk.services.iotanalytics.model.Message.builder()
                        .payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{\"ok\":2}")).build());

        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10&failOnErrorEntry=false", messages);

        @SuppressWarnings("unchecked")
        List<BatchPutMessageErrorEntry> errors = exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_ENTRIES,
                List.class);
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.messageId()).isNull();
            assertThat(error.errorMessage()).contains("messageId must not be empty");
        });
        assertThat(emulator().messages(CHANNEL)).hasSize(1);
    }

    @Test
    void failedElementsOnlyInTheHeaderWhenFailOnErrorEntryIsFalse() {
        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10&failOnErrorEntry=false",
                List.of("{\"ok\":1}", "{\"not-ok\":2}"));

        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_ENTRIES, List.class)).hasSize(1);
    }

    @Test
    void groupedExchangesFromTheAggregateEipGetTheHeadersOfTheirOwnMessage() throws Exception {
        for (String body : List.of("{\"a\":1}", "{\"b-b\":2}", "{\"c\":3}")) {
            template.sendBodyAndHeader("direct:grouped", body, IoTAnalyticsConstants.MESSAGE_ID, "id-" + body.charAt(2));
        }
        Exchange outer = aggregated.poll(30, TimeUnit.SECONDS);

        assertThat(outer).isNotNull();
        @SuppressWarnings("unchecked")
        List<Exchange> group = outer.getMessage().getBody(List.class);
        assertThat(group).extracting(e -> e.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE))
                .containsExactly(null, "InvalidRequestException", null);
        assertThat(group).extracting(e -> e.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID))
                .containsExactly("id-a", "id-b", "id-c");
        assertThat(outer.getMessage().getHeader(IoTAnalyticsConstants.ERROR_ENTRIES, List.class)).hasSize(1);
        assertThat(emulator().messages(CHANNEL)).extracting(StoredMessage::messageId)
                .containsExactlyInAnyOrder("id-a", "id-c");
    }

    @Test
    void groupedExchangeBodyFromTheApi() {
        List<Exchange> group = new ArrayList<>();
        for (String body : List.of("{\"a\":1}", "{\"b-b\":2}")) {
            Exchange inner = new DefaultExchange(context);
            inner.getMessage().setBody(body);
            group.add(inner);
        }

        Exchange outer = send("iotanalytics:" + CHANNEL + "?batchTimeout=10", group);

        assertThat(group.get(0).getException()).isNull();
        assertThat(group.get(0).getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID)).isNotNull();
        assertThat(group.get(1).getException(MessageNotDeliveredException.class).getErrorMessage()).contains("b-b");
        assertThat(group.get(1).getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE))
                .isEqualTo("InvalidRequestException");
        assertThat(outer.getMessage().getHeader(IoTAnalyticsConstants.ERROR_ENTRIES, List.class)).hasSize(1);
    }
}
