package io.github.cameliotanalytics.emulator;

import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator as a program until it is stopped (Ctrl-C or SIGTERM), as in
 * {@code java -jar camel-iotanalytics-emulator-<version>-standalone.jar --port 4566}. Prints
 * {@code IoT Analytics emulator listening on http://<host>:<port>} once it listens; {@code --help} lists the options.
 * On SIGTERM or Ctrl-C it stops the server, flushes its data files, prints a one-line summary of its stats and
 * {@code IoT Analytics emulator stopped}, and the JVM exits with 143 (SIGTERM) or 130 (Ctrl-C), the JVM's status for a
 * signal; with a bad option it exits with 2, when the port cannot be bound with 1.
 */
public final class EmulatorMain {

    /** Printed, followed by the endpoint, once the emulator listens. */
    public static final String LISTENING = "IoT Analytics emulator listening on ";
    /** Printed when the emulator has stopped, followed by {@link Stats#summary()}, before {@link #STOPPED}. */
    public static final String STATS = "IoT Analytics emulator stats: ";
    /** Printed when the emulator has stopped. */
    public static final String STOPPED = "IoT Analytics emulator stopped";

    private EmulatorMain() {
    }

    /** Starts the emulator with the options of {@code --help} and waits until the JVM shuts down. */
    public static void main(String[] args) throws InterruptedException {
        IoTAnalyticsEmulator emulator;
        try {
            EmulatorOptions options = EmulatorOptions.parse(args);
            if (options.help()) {
                System.out.println(EmulatorOptions.USAGE);
                return;
            }
            emulator = options.createEmulator();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.err.println(EmulatorOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            emulator.start();
        } catch (UncheckedIOException e) {
            System.err.println(e.getMessage() + ": " + e.getCause().getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.stop();
            System.out.println(STATS + emulator.stats().summary());
            System.out.println(STOPPED);
            stopped.countDown();
        }, "iotanalytics-emulator-shutdown"));
        System.out.println(LISTENING + emulator.endpoint());
        stopped.await();
    }
}
