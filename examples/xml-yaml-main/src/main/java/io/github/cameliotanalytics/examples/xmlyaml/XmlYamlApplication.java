package io.github.cameliotanalytics.examples.xmlyaml;

import org.apache.camel.main.Main;

/**
 * Camel Main: reads {@code application.properties} and loads the routes of {@code src/main/resources/routes}, one
 * written in XML and one in YAML. No Java route at all.
 */
public final class XmlYamlApplication {

    private XmlYamlApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.run(args);
    }
}
