package io.github.cameliotanalytics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.DescribeChannelResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Options set on the component, from properties, and a client supplied by the user.
 */
class ComponentConfigurationTest extends EmulatorTestSupport {

    @Test
    void userSuppliedClientBeanIsUsedAsItIs() throws Exception {
        try (IoTAnalyticsClient client = IoTAnalyticsClient.builder()
                .endpointOverride(emulator().endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
             CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("myClient", client);
            camel.start();

            // no credentials and no endpoint in the URI: the autowired client has both
            Exchange exchange = camel.createProducerTemplate().send("iotanalytics:" + CHANNEL + "?batchTimeout=10",
                    e -> e.getMessage().setBody("{\"a\":1}"));

            assertThat(exchange.getException()).isNull();
            assertThat(camel.getEndpoint("iotanalytics:" + CHANNEL + "?batchTimeout=10", IoTAnalyticsEndpoint.class)
                    .getClient()).isSameAs(client);
            assertThat(emulator().messages(CHANNEL)).hasSize(1);
            // a synchronous client alone sends on call threads of the endpoint
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().contains("]Call"));
        }
        // the context stopped without closing the user's client
    }

    @Test
    void userSuppliedAsyncClientSendsTheBatchesAndMakesTheChannelOperationsWithAThreadPerCore() throws Exception {
        try (IoTAnalyticsAsyncClient client = IoTAnalyticsAsyncClient.builder()
                .endpointOverride(emulator().endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build()) {
            try (CamelContext camel = new DefaultCamelContext()) {
                camel.getRegistry().bind("myAsyncClient", client);
                camel.start();
                ProducerTemplate template = camel.createProducerTemplate();

                Exchange sent = template.send("iotanalytics:" + CHANNEL + "?batchTimeout=10",
                        e -> e.getMessage().setBody("{\"a\":1}"));
                Object described = template.requestBody("iotanalytics:" + CHANNEL + "?operation=describeChannel", (Object) null);

                assertThat(sent.getException()).isNull();
                IoTAnalyticsEndpoint endpoint = camel.getEndpoint("iotanalytics:" + CHANNEL + "?batchTimeout=10",
                        IoTAnalyticsEndpoint.class);
                assertThat(endpoint.getAsyncClient()).isSameAs(client);
                assertThat(endpoint.getClient()).isNull();
                assertThat(described).isInstanceOf(DescribeChannelResponse.class);
                assertThat(emulator().messages(CHANNEL)).hasSize(1);
                // calls in flight hold no threads: one call thread per core builds and signs the requests
                assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("]Call")))
                        .hasSizeLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
            }
            // the context stopped without closing the user's client
            assertThat(client.listChannels(r -> { }).get(10, TimeUnit.SECONDS).channelSummaries()).isNotEmpty();
        }
    }

    @Test
    void optionsCanBeSetOnTheComponentThroughCamelMainProperties() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.iotanalytics.batch-size", "7");
        main.addInitialProperty("camel.component.iotanalytics.batch-timeout", "5s");
        main.addInitialProperty("camel.component.iotanalytics.region", "eu-west-1");
        main.addInitialProperty("camel.component.iotanalytics.access-key", ACCESS_KEY);
        main.addInitialProperty("camel.component.iotanalytics.secret-key", SECRET_KEY);
        main.addInitialProperty("camel.component.iotanalytics.override-endpoint", "true");
        main.addInitialProperty("camel.component.iotanalytics.uri-endpoint-override", emulator().endpoint().toString());
        main.start();
        try {
            CamelContext camel = main.getCamelContext();
            IoTAnalyticsEndpoint endpoint = camel.getEndpoint("iotanalytics:" + CHANNEL, IoTAnalyticsEndpoint.class);
            assertThat(endpoint.getConfiguration().getBatchSize()).isEqualTo(7);
            assertThat(endpoint.getConfiguration().getBatchTimeout()).isEqualTo(5000);

            ProducerTemplate producer = camel.createProducerTemplate();
            for (int i = 0; i < 7; i++) {
                producer.asyncSendBody(endpoint, "{\"a\":" + i + "}");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> emulator().messages(CHANNEL).size() == 7);
            assertThat(emulator().stats().batchSizes()).containsExactly(7);
        } finally {
            main.stop();
        }
    }

    @Test
    void endpointOptionsOverrideComponentOptions() {
        context.getComponent("iotanalytics", IoTAnalyticsComponent.class).getConfiguration().setBatchSize(10);
        IoTAnalyticsEndpoint endpoint = context.getEndpoint("iotanalytics:" + CHANNEL + "?batchSize=20",
                IoTAnalyticsEndpoint.class);
        IoTAnalyticsEndpoint inherits = context.getEndpoint("iotanalytics:" + CHANNEL + "?maxInFlightBatches=2",
                IoTAnalyticsEndpoint.class);

        assertThat(endpoint.getConfiguration().getBatchSize()).isEqualTo(20);
        assertThat(inherits.getConfiguration().getBatchSize()).isEqualTo(10);
    }

    @Test
    void wrongOptionsFailWhenTheEndpointIsCreated() {
        assertThatThrownBy(() -> context.getEndpoint("iotanalytics:" + CHANNEL + "?batchSize=101"))
                .hasStackTraceContaining("batchSize must be between 1 and 100");
        assertThatThrownBy(() -> new DefaultCamelContext().getEndpoint("iotanalytics:" + CHANNEL + "?region=eu-west-1"))
                .hasStackTraceContaining("No credentials");
    }

    @Test
    void secretsAreMaskedWhereCamelShowsTheEndpoint() {
        IoTAnalyticsEndpoint endpoint = context.getEndpoint("iotanalytics:" + CHANNEL
                                                            + "?accessKey=RAW(AKIDSECRET1)&secretKey=RAW(verysecret/+=)"
                                                            + "&sessionToken=tokensecret&useSessionCredentials=true",
                IoTAnalyticsEndpoint.class);

        assertThat(endpoint.toString()).contains("accessKey=xxxxxx")
                .doesNotContain("AKIDSECRET1").doesNotContain("verysecret").doesNotContain("tokensecret");
        assertThat(context.getEndpointRegistry().toString()).doesNotContain("verysecret");
    }
}
