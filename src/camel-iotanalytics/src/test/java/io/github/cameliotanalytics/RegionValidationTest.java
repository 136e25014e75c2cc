package io.github.cameliotanalytics;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The region and the endpoint override are checked when the endpoint is created: a region where the service has no
 * endpoint, or that is not a region id, is refused with the list of what is accepted; an override that would be
 * ignored is logged.
 */
class RegionValidationTest {

    private static final String CREDENTIALS = "accessKey=AKIDTEST&secretKey=test";
    private static final String OVERRIDE = "overrideEndpoint=true&uriEndpointOverride=http://127.0.0.1:1";

    private CamelContext context;

    @BeforeEach
    void createContext() {
        context = new DefaultCamelContext();
    }

    @AfterEach
    void closeContext() throws Exception {
        context.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "us-east-1", "us-east-2", "us-west-2", "ap-south-1", "ap-southeast-2", "ap-northeast-1",
                             "eu-central-1", "eu-west-1" })
    void everyRegionOfTheServiceIsAccepted(String region) {
        assertThat(context.getEndpoint("iotanalytics:ch?" + CREDENTIALS + "&region=" + region)).isNotNull();
    }

    @Test
    void aRegionThatDoesNotExistIsRefusedWithTheAcceptedOnes() {
        assertThatThrownBy(() -> context.getEndpoint("iotanalytics:ch?" + CREDENTIALS + "&region=mars-1"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region=mars-1 is not a region where AWS IoT Analytics is served")
                .hasMessageContaining("[us-east-1, us-east-2, us-west-2, ap-south-1, ap-southeast-2, ap-northeast-1,"
                                      + " eu-central-1, eu-west-1]")
                .hasMessageContaining("overrideEndpoint=true");
    }

    @Test
    void anAwsRegionWithoutTheServiceIsRefused() {
        assertThatThrownBy(() -> context.getEndpoint("iotanalytics:ch?" + CREDENTIALS + "&region=sa-east-1"))
                .rootCause().hasMessageContaining("region=sa-east-1 is not a region where AWS IoT Analytics is served");
    }

    @ParameterizedTest
    @ValueSource(strings = { "us-gov-west-1", "cn-north-1", "sa-east-1", "eu-south-2", "ap-southeast-5", "us-east-1" })
    void anyRegionIdIsAcceptedWithAnEndpointOverride(String region) {
        assertThat(context.getEndpoint("iotanalytics:ch?" + CREDENTIALS + "&" + OVERRIDE + "&region=" + region))
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "mars-1", "EU-WEST-1", "eu-west", "eu_west_1" })
    void whatIsNotARegionIdIsRefusedEvenWithAnEndpointOverride(String region) {
        assertThatThrownBy(() -> context.getEndpoint("iotanalytics:ch?" + CREDENTIALS + "&" + OVERRIDE + "&region=RAW("
                                                     + region + ")"))
                .rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region=" + region + " is not an AWS region id")
                .hasMessageContaining("eu-west-1");
    }

    @Test
    void anEndpointOverrideWithoutOverrideEndpointIsLoggedAsIgnored() {
        String logs = stderrWhile(() -> context.getEndpoint(
                "iotanalytics:ch?" + CREDENTIALS + "&region=eu-west-1&uriEndpointOverride=http://127.0.0.1:4566"));

        assertThat(logs).contains("WARN").contains("uriEndpointOverride http://127.0.0.1:4566 is ignored without"
                                                   + " overrideEndpoint=true");
    }

    @Test
    void anEndpointOverrideInUseIsNotLogged() {
        String logs = stderrWhile(() -> context.getEndpoint("iotanalytics:ch?" + CREDENTIALS + "&" + OVERRIDE));

        assertThat(logs).doesNotContain("uriEndpointOverride");
    }

    /** What the loggers (slf4j-simple, to System.err) wrote while {@code action} ran. */
    private static String stderrWhile(Runnable action) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(stderr);
        }
        return logs.toString(StandardCharsets.UTF_8);
    }
}
