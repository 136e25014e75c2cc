package io.github.cameliotanalytics.examples.kamelet;

import org.apache.camel.main.Main;

/**
 * Camel Main: reads {@code application.properties} and loads {@code routes/readings.camel.yaml}, whose route sends to
 * the {@code aws-iotanalytics-sink} Kamelet that the camel-iotanalytics jar ships under {@code kamelets/} (Camel looks
 * for Kamelets in {@code classpath:kamelets}).
 */
public final class KameletApplication {

    private KameletApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.run(args);
    }
}
