package io.github.cameliotanalytics.emulator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs an {@link IoTAnalyticsEmulator} for a JUnit 5 test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.create();
 * }</pre>
 * <p>
 * In a static field it starts the emulator (on a free loopback port unless the builder says otherwise) before all tests
 * of the class and stops it after them; after each test it {@link IoTAnalyticsEmulator#reset() resets} everything:
 * channels, messages, faults and stats, so that each test starts from an empty account. In an instance field it starts
 * a fresh emulator before each test and stops it after. Test and lifecycle methods can also take an
 * {@code IoTAnalyticsEmulator} parameter.
 */
public final class IoTAnalyticsEmulatorExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

    private final EmulatorSettings settings;
    private IoTAnalyticsEmulator emulator;
    private boolean startedForOneTest;
    /** How many test classes (a class and its {@code @Nested} classes) are running with the static extension. */
    private int openClasses;

    private IoTAnalyticsEmulatorExtension(EmulatorSettings settings) {
        this.settings = settings;
    }

    /** An extension with the default settings of {@link IoTAnalyticsEmulator#builder()}. */
    public static IoTAnalyticsEmulatorExtension create() {
        return builder().build();
    }

    /** A builder taking the same settings as {@link IoTAnalyticsEmulator#builder()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link IoTAnalyticsEmulatorExtension}s; see {@link EmulatorSettingsBuilder} for the settings. */
    public static final class Builder extends EmulatorSettingsBuilder<Builder> {

        Builder() {
        }

        /** A new extension with these settings; its emulator starts when the tests do. */
        public IoTAnalyticsEmulatorExtension build() {
            return new IoTAnalyticsEmulatorExtension(settings());
        }
    }

    /**
     * The running emulator.
     *
     * @throws IllegalStateException outside the tests the extension runs for
     */
    public IoTAnalyticsEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("The emulator runs only during the tests of the class it is registered in");
        }
        return emulator;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (openClasses++ == 0) {
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            start();
            startedForOneTest = true;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (startedForOneTest) {
            stop();
        } else if (emulator != null) {
            emulator.reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--openClasses == 0) {
            stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == IoTAnalyticsEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator();
    }

    private void start() {
        emulator = new IoTAnalyticsEmulator(settings).start();
    }

    private void stop() {
        if (emulator != null) {
            emulator.stop();
            emulator = null;
        }
        startedForOneTest = false;
    }
}
