package io.github.cameliotanalytics.examples.storeandforward;

import org.apache.camel.main.Main;

/**
 * Camel Main: reads {@code application.properties}, finds the routes and the emulator's configuration in this package
 * and runs until stopped.
 */
public final class StoreAndForwardApplication {

    private StoreAndForwardApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(StoreAndForwardApplication.class);
        main.run(args);
    }
}
