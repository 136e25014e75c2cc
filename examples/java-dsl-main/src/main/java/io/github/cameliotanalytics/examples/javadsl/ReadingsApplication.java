package io.github.cameliotanalytics.examples.javadsl;

import org.apache.camel.main.Main;

/**
 * Camel Main: reads {@code application.properties}, finds the route builders of this package and runs until stopped.
 */
public final class ReadingsApplication {

    private ReadingsApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(ReadingsApplication.class);
        main.run(args);
    }
}
