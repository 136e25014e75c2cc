package io.github.cameliotanalytics.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The component options of the catalog JSON in the component's jar, read as the tests run. */
final class CatalogOptions {

    private static final String COMPONENT_JSON = "META-INF/io/github/cameliotanalytics/iotanalytics.json";

    private CatalogOptions() {
    }

    /** Option name (camelCase) to its JSON entry, in the JSON's order. */
    static Map<String, JsonNode> all() {
        try (InputStream in = Objects.requireNonNull(
                CatalogOptions.class.getClassLoader().getResourceAsStream(COMPONENT_JSON), COMPONENT_JSON)) {
            Map<String, JsonNode> options = new LinkedHashMap<>();
            new ObjectMapper().readTree(in).path("componentProperties").properties()
                    .forEach(option -> options.put(option.getKey(), option.getValue()));
            return options;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code maxInFlightBatches} as users write it in properties files: {@code max-in-flight-batches}. */
    static String kebabCase(String option) {
        return option.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
