package io.github.cameliotanalytics.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.cameliotanalytics.IoTAnalyticsEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.URISupport;

/**
 * {@code spool-delivered:<channel>?<options of iotanalytics:>}, the end-to-end benchmark's {@code component-spool}
 * case: the component with a spool ({@code spoolDirectory} among the options), whose exchanges complete once their
 * messages are delivered rather than once they are spooled, so that a round ends when every message is stored, as with
 * the in-memory producer ({@link SpoolDeliveredEndpoint}). Resolved by its scheme (META-INF/services).
 */
public final class SpoolDeliveredComponent extends DefaultComponent {

    /**
     * The URI of this component for an {@code iotanalytics:} URI with a query, with a spool in a new temporary
     * directory, deleted when the JVM ends.
     */
    static String uri(String iotAnalyticsUri) {
        try {
            Path directory = Files.createTempDirectory("bench-spool");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    SpoolRig.delete(directory);
                } catch (IOException e) {
                    // a temporary directory left behind
                }
            }, "bench-spool-cleanup"));
            return iotAnalyticsUri.replaceFirst("^iotanalytics:", "spool-delivered:") + "&spoolDirectory="
                   + directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String query = URISupport.createQueryString(parameters);
        parameters.clear();
        IoTAnalyticsEndpoint spooling = getCamelContext().getEndpoint(
                "iotanalytics:" + remaining + (query.isEmpty() ? "" : "?" + query), IoTAnalyticsEndpoint.class);
        return new SpoolDeliveredEndpoint(uri, this, spooling);
    }
}
