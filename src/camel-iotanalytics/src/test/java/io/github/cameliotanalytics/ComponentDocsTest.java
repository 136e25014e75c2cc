package io.github.cameliotanalytics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the options and headers tables of {@code src/main/docs/iotanalytics-component.adoc} equal to the component JSON that
 * camel-component-maven-plugin generates from the annotations. To rewrite them after changing an option:
 * {@code mvn test -Dtest=ComponentDocsTest -Ddocs.update=true}.
 */
class ComponentDocsTest {

    private static final Path PAGE = Path.of("src/main/docs/iotanalytics-component.adoc");

    @Test
    void optionAndHeaderTablesMatchTheGeneratedMetadata() throws IOException {
        JsonNode json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/github/cameliotanalytics/iotanalytics.json")) {
            json = new ObjectMapper().readTree(in);
        }
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        String expected = page;
        expected = replaceSection(expected, "component options", optionsTable(json.get("componentProperties")));
        expected = replaceSection(expected, "endpoint options", optionsTable(json.get("properties")));
        expected = replaceSection(expected, "component headers", headersTable(json.get("headers")));
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
        }
        assertThat(page).as("docs tables out of date: run mvn test -Dtest=ComponentDocsTest -Ddocs.update=true")
                .isEqualTo(expected);
    }

    private static String replaceSection(String page, String name, String content) {
        String start = "// " + name + ": START\n";
        String end = "// " + name + ": END";
        int from = page.indexOf(start);
        int to = page.indexOf(end);
        assertThat(from).as("marker " + start).isNotNegative();
        assertThat(to).as("marker " + end).isGreaterThan(from);
        return page.substring(0, from + start.length()) + content + page.substring(to);
    }

    private static String optionsTable(JsonNode options) {
        StringBuilder table = new StringBuilder("[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n"
                                                + "| Name | Description | Default | Type\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> option = it.next();
            JsonNode o = option.getValue();
            String description = sentence(o.path("description").asText())
                                 + (o.path("secret").asBoolean() ? " (secret)" : "")
                                 + (o.path("autowired").asBoolean() ? " (autowired)" : "")
                                 + (o.has("enum") ? " Values: " + join(o.get("enum")) + "." : "");
            table.append("| *").append(option.getKey()).append("* (").append(o.path("group").asText()).append(")")
                    .append(" | ").append(escape(description))
                    .append(" | ").append(escape(o.path("defaultValue").asText("")))
                    .append(" | ").append(escape(simpleType(o))).append('\n');
        }
        return table.append("|===\n").toString();
    }

    private static String headersTable(JsonNode headers) {
        StringBuilder table = new StringBuilder("[width=\"100%\",cols=\"2,5,2\",options=\"header\"]\n|===\n"
                                                + "| Name | Description | Type\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> header = it.next();
            JsonNode h = header.getValue();
            String constant = h.path("constantName").asText();
            table.append("| *").append(header.getKey()).append("* (`").append(constant.substring(constant.indexOf('#') + 1))
                    .append("`) | ").append(escape(sentence(h.path("description").asText())))
                    .append(" | ").append(escape(simpleType(h))).append('\n');
        }
        return table.append("|===\n").toString();
    }

    private static String simpleType(JsonNode option) {
        String javaType = option.path("javaType").asText();
        return javaType.replaceAll("[a-z0-9_]+\\.", "");
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    private static String join(JsonNode values) {
        StringBuilder joined = new StringBuilder();
        values.forEach(v -> joined.append(joined.length() == 0 ? "" : ", ").append(v.asText()));
        return joined.toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
