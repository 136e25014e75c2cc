package io.github.cameliotanalytics.springboot;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import io.github.cameliotanalytics.IoTAnalyticsComponentConfigurer;
import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import io.github.cameliotanalytics.IoTAnalyticsOperations;
import io.github.cameliotanalytics.spool.SpoolFullStrategy;
import org.apache.camel.CamelContext;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.Protocol;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every component option of the catalog JSON, set in kebab-case as users write it, reaches the running component.
 * The values differ from the defaults; the object options are bean references.
 */
@SpringBootTest(classes = { TestApplication.class, EveryOptionFromPropertiesTest.Beans.class })
class EveryOptionFromPropertiesTest {

    /** Option name to the value written in the properties. */
    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    static {
        PROPERTIES.put("configuration", "#bean:sharedConfiguration");
        PROPERTIES.put("failOnErrorEntry", "false");
        PROPERTIES.put("lazyStartProducer", "true");
        PROPERTIES.put("operation", "listChannels");
        PROPERTIES.put("overrideEndpoint", "true");
        PROPERTIES.put("region", "eu-central-1");
        PROPERTIES.put("uriEndpointOverride", "http://127.0.0.1:4566");
        PROPERTIES.put("validatePayload", "false");
        PROPERTIES.put("autowiredEnabled", "false");
        PROPERTIES.put("iotAnalyticsAsyncClient", "#bean:sharedAsyncClient");
        PROPERTIES.put("iotAnalyticsClient", "#bean:sharedClient");
        PROPERTIES.put("pojoRequest", "true");
        PROPERTIES.put("workerPool", "#bean:sharedWorkers");
        PROPERTIES.put("workerPoolCoreSize", "3");
        PROPERTIES.put("workerPoolMaxSize", "7");
        PROPERTIES.put("batchSize", "25");
        PROPERTIES.put("batchTimeout", "250");
        PROPERTIES.put("deliveryTimeout", "60000");
        PROPERTIES.put("maxBlockTime", "5000");
        PROPERTIES.put("maxInFlightBatches", "4");
        PROPERTIES.put("maxPendingBytes", "1048576");
        PROPERTIES.put("maxPendingMessages", "500");
        PROPERTIES.put("requestTimeout", "15000");
        PROPERTIES.put("shutdownTimeout", "3000");
        PROPERTIES.put("healthCheckConsumerEnabled", "false");
        PROPERTIES.put("healthCheckProducerEnabled", "false");
        PROPERTIES.put("proxyHost", "proxy.example.com");
        PROPERTIES.put("proxyPort", "3128");
        PROPERTIES.put("proxyProtocol", "http");
        PROPERTIES.put("accessKey", "AKIDEXAMPLE");
        PROPERTIES.put("profileCredentialsName", "analytics");
        PROPERTIES.put("secretKey", "a-secret");
        PROPERTIES.put("sessionToken", "a-token");
        PROPERTIES.put("trustAllCertificates", "true");
        PROPERTIES.put("useDefaultCredentialsProvider", "true");
        PROPERTIES.put("useProfileCredentialsProvider", "true");
        PROPERTIES.put("useSessionCredentials", "true");
        PROPERTIES.put("deadLetterUri", "log:dead-letters");
        PROPERTIES.put("spoolDirectory", "target/spool-from-properties");
        PROPERTIES.put("spoolFsync", "false");
        PROPERTIES.put("spoolFullStrategy", "dropOldest");
        PROPERTIES.put("spoolHealthMaxAge", "600000");
        PROPERTIES.put("spoolMaxBytes", "67108864");
        PROPERTIES.put("spoolMaxRetryDelay", "60000");
        PROPERTIES.put("spoolRetention", "86400000");
    }

    @DynamicPropertySource
    static void everyOption(DynamicPropertyRegistry registry) {
        PROPERTIES.forEach((option, value) -> registry.add(
                IoTAnalyticsComponentConfiguration.PREFIX + "." + CatalogOptions.kebabCase(option), () -> value));
    }

    @Autowired
    CamelContext camel;
    @Autowired
    IoTAnalyticsConfiguration sharedConfiguration;
    @Autowired
    @Qualifier("sharedAsyncClient")
    IoTAnalyticsAsyncClient sharedAsyncClient;
    @Autowired
    @Qualifier("sharedClient")
    IoTAnalyticsClient sharedClient;
    @Autowired
    @Qualifier("sharedWorkers")
    ExecutorService sharedWorkers;

    @Test
    void theTestSetsEveryOptionOfTheCatalog() {
        assertThat(PROPERTIES.keySet()).containsExactlyInAnyOrderElementsOf(CatalogOptions.all().keySet());
    }

    @Test
    void everyOptionReachesTheComponent() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("configuration", sharedConfiguration);
        expected.put("failOnErrorEntry", false);
        expected.put("lazyStartProducer", true);
        expected.put("operation", IoTAnalyticsOperations.listChannels);
        expected.put("overrideEndpoint", true);
        expected.put("region", "eu-central-1");
        expected.put("uriEndpointOverride", "http://127.0.0.1:4566");
        expected.put("validatePayload", false);
        expected.put("autowiredEnabled", false);
        expected.put("iotAnalyticsAsyncClient", sharedAsyncClient);
        expected.put("iotAnalyticsClient", sharedClient);
        expected.put("pojoRequest", true);
        expected.put("workerPool", sharedWorkers);
        expected.put("workerPoolCoreSize", 3);
        expected.put("workerPoolMaxSize", 7);
        expected.put("batchSize", 25);
        expected.put("batchTimeout", 250L);
        expected.put("deliveryTimeout", 60000L);
        expected.put("maxBlockTime", 5000L);
        expected.put("maxInFlightBatches", 4);
        expected.put("maxPendingBytes", 1048576L);
        expected.put("maxPendingMessages", 500);
        expected.put("requestTimeout", 15000L);
        expected.put("shutdownTimeout", 3000L);
        expected.put("healthCheckConsumerEnabled", false);
        expected.put("healthCheckProducerEnabled", false);
        expected.put("proxyHost", "proxy.example.com");
        expected.put("proxyPort", 3128);
        expected.put("proxyProtocol", Protocol.HTTP);
        expected.put("accessKey", "AKIDEXAMPLE");
        expected.put("profileCredentialsName", "analytics");
        expected.put("secretKey", "a-secret");
        expected.put("sessionToken", "a-token");
        expected.put("trustAllCertificates", true);
        expected.put("useDefaultCredentialsProvider", true);
        expected.put("useProfileCredentialsProvider", true);
        expected.put("useSessionCredentials", true);
        expected.put("deadLetterUri", "log:dead-letters");
        expected.put("spoolDirectory", "target/spool-from-properties");
        expected.put("spoolFsync", false);
        expected.put("spoolFullStrategy", SpoolFullStrategy.dropOldest);
        expected.put("spoolHealthMaxAge", 600000L);
        expected.put("spoolMaxBytes", 67108864L);
        expected.put("spoolMaxRetryDelay", 60000L);
        expected.put("spoolRetention", 86400000L);
        assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(PROPERTIES.keySet());

        IoTAnalyticsComponent component = camel.getComponent("iotanalytics", IoTAnalyticsComponent.class);
        IoTAnalyticsComponentConfigurer configurer = new IoTAnalyticsComponentConfigurer();
        SoftAssertions softly = new SoftAssertions();
        expected.forEach((option, value) -> softly.assertThat(configurer.getOptionValue(component, option, false))
                .as(option).isEqualTo(value));
        softly.assertAll();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        IoTAnalyticsConfiguration sharedConfiguration() {
            return new IoTAnalyticsConfiguration();
        }

        // two clients of each type: Camel's autowiring by type could pick neither, only the bean reference names one
        @Bean(destroyMethod = "close")
        IoTAnalyticsClient sharedClient() {
            return client();
        }

        @Bean(destroyMethod = "close")
        IoTAnalyticsAsyncClient sharedAsyncClient() {
            return asyncClient();
        }

        @Bean(destroyMethod = "shutdown")
        ExecutorService sharedWorkers() {
            return Executors.newFixedThreadPool(2);
        }

        @Bean(destroyMethod = "close")
        IoTAnalyticsClient otherClient() {
            return client();
        }

        @Bean(destroyMethod = "close")
        IoTAnalyticsAsyncClient otherAsyncClient() {
            return asyncClient();
        }

        private static IoTAnalyticsClient client() {
            return IoTAnalyticsClient.builder().region(Region.EU_CENTRAL_1)
                    .credentialsProvider(AnonymousCredentialsProvider.create())
                    .endpointOverride(URI.create("http://127.0.0.1:4566")).build();
        }

        private static IoTAnalyticsAsyncClient asyncClient() {
            return IoTAnalyticsAsyncClient.builder().region(Region.EU_CENTRAL_1)
                    .credentialsProvider(AnonymousCredentialsProvider.create())
                    .endpointOverride(URI.create("http://127.0.0.1:4566")).build();
        }
    }
}
