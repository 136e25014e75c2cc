package io.github.cameliotanalytics.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties class against the component's catalog JSON: one property for each component option, no more, with a
 * matching type, default and description, as spring-boot-configuration-processor wrote them into the metadata.
 */
class StarterOptionParityTest {

    private static final String PREFIX = IoTAnalyticsComponentConfiguration.PREFIX + ".";
    /** The auto-configuration's own switches, inherited from camel-spring-boot: not options of the component. */
    private static final Set<String> STARTER_PROPERTIES = Set.of("enabled", "customizer.enabled");
    private static final Map<String, String> WRAPPERS = Map.of("boolean", "java.lang.Boolean",
            "int", "java.lang.Integer", "long", "java.lang.Long");

    @Test
    void everyComponentOptionHasAPropertyAndThereIsNoOtherProperty() throws IOException {
        Map<String, JsonNode> metadata = starterMetadata();
        Map<String, JsonNode> catalog = CatalogOptions.all();

        Set<String> expected = new java.util.TreeSet<>(STARTER_PROPERTIES);
        catalog.keySet().forEach(option -> expected.add(CatalogOptions.kebabCase(option)));
        assertThat(metadata.keySet()).as("properties of %s", PREFIX)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyPropertyHasTheTypeDefaultAndDescriptionOfItsOption() throws IOException {
        Map<String, JsonNode> metadata = starterMetadata();
        SoftAssertions softly = new SoftAssertions();
        CatalogOptions.all().forEach((option, json) -> {
            JsonNode property = metadata.get(CatalogOptions.kebabCase(option));
            if (property == null) {
                softly.fail("no property for option %s", option);
                return;
            }
            String javaType = json.path("javaType").asText();
            softly.assertThat(property.path("type").asText()).as("type of %s", option)
                    .isEqualTo(WRAPPERS.getOrDefault(javaType, javaType));
            softly.assertThat(normalized(property.path("defaultValue"))).as("default of %s", option)
                    .isEqualTo(normalized(json.path("defaultValue")));
            softly.assertThat(words(property.path("description").asText())).as("description of %s", option)
                    .startsWith(words(json.path("description").asText()));
        });
        softly.assertAll();
    }

    /** The starter's properties, by name below the prefix, from the metadata files on the classpath. */
    private static Map<String, JsonNode> starterMetadata() throws IOException {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (URL url : Collections.list(StarterOptionParityTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                    String name = property.path("name").asText();
                    if (name.startsWith(PREFIX)) {
                        properties.put(name.substring(PREFIX.length()), property);
                    }
                }
            }
        }
        return properties;
    }

    /** Defaults compared without case and dashes: the processor writes the enum constant HTTPS as "https". */
    private static String normalized(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? null : value.asText().replace("-", "").toLowerCase();
    }

    private static String words(String text) {
        return text.replaceAll("\\s+", " ").replaceAll("\\.$", "").trim();
    }
}
