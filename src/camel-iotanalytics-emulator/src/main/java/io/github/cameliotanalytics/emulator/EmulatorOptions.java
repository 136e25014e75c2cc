package io.github.cameliotanalytics.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The command-line options of {@link EmulatorMain}. */
final class EmulatorOptions {

    static final String USAGE = """
            Usage: java -jar camel-iotanalytics-emulator-<version>-standalone.jar [options]
              --port N                      port to listen on, 0 for a free one (default 0)
              --host ADDRESS                address to listen on (default 127.0.0.1)
              --region REGION               region served, in ARNs and signatures (default us-east-1)
              --account-id ID               account in ARNs (default 123456789012)
              --access-key ID               with --secret-key: check every call's SigV4 signature
              --secret-key SECRET           with --access-key
              --data-dir DIR                also append accepted messages to DIR/<channel>.jsonl
              --channel NAME                create this channel at start (repeatable)
              --max-messages-per-channel N  messages kept per channel, oldest dropped (default 100000)
              --max-channels N              channels the account may have (default 50)
              --throttle-rate R             share of BatchPutMessage calls answered 429 ThrottlingException
              --unavailable-rate R          share answered 503 ServiceUnavailableException
              --internal-failure-rate R     share answered 500 InternalFailureException
              --drop-rate R                 share whose connection is closed without a response
              --entry-failure-rate R        share of messages failed with InternalFailureException
              --latency-ms N | MIN-MAX      added latency of BatchPutMessage calls, fixed or drawn from a range
              --channel-quota N             messages per second per channel, beyond which BatchPutMessage calls are
                                            answered 429 ThrottlingException (default 0: no quota)
              --seed N                      seed of the fault draws, for repeatable runs
              --max-request-bytes N         largest request body, larger ones get 413 (default 20971520)
              --read-timeout-seconds N      time a client has to send a request (default 30)
              --help                        print this help
            Rates are between 0 and 1; the four call rates add up to at most 1.""";

    private final IoTAnalyticsEmulator.Builder builder = IoTAnalyticsEmulator.builder();
    private final List<Consumer<IoTAnalyticsEmulator>> setUp = new ArrayList<>();
    private String accessKey;
    private String secretKey;
    private boolean help;

    private EmulatorOptions() {
    }

    /**
     * Reads the arguments; both {@code --name value} and {@code --name=value} work.
     *
     * @throws IllegalArgumentException for an unknown option, a missing or malformed value
     */
    static EmulatorOptions parse(String... args) {
        EmulatorOptions options = new EmulatorOptions();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int equals = name.indexOf('=');
            if (equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (name.equals("--help") || name.equals("-h")) {
                options.help = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + name + " needs a value");
                }
                value = args[++i];
            }
            options.apply(name, value);
        }
        if ((options.accessKey == null) != (options.secretKey == null)) {
            throw new IllegalArgumentException("--access-key and --secret-key go together");
        }
        if (options.accessKey != null) {
            options.builder.credentials(options.accessKey, options.secretKey);
        }
        return options;
    }

    /** Whether {@code --help} was given. */
    boolean help() {
        return help;
    }

    /** A new emulator with these settings, its channels created and its faults set, not yet started. */
    IoTAnalyticsEmulator createEmulator() {
        IoTAnalyticsEmulator emulator = builder.build();
        setUp.forEach(step -> step.accept(emulator));
        return emulator;
    }

    private void apply(String name, String value) {
        switch (name) {
            case "--port" -> builder.port(integer(name, value));
            case "--host" -> builder.host(value);
            case "--region" -> builder.region(value);
            case "--account-id" -> builder.accountId(value);
            case "--access-key" -> accessKey = value;
            case "--secret-key" -> secretKey = value;
            case "--data-dir" -> builder.dataDirectory(Path.of(value));
            case "--channel" -> setUp.add(emulator -> emulator.createChannel(value));
            case "--max-messages-per-channel" -> builder.maxMessagesPerChannel(integer(name, value));
            case "--max-channels" -> builder.maxChannels(integer(name, value));
            case "--seed" -> builder.seed(longValue(name, value));
            case "--max-request-bytes" -> builder.maxRequestBytes(integer(name, value));
            case "--read-timeout-seconds" -> builder.readTimeout(Duration.ofSeconds(longValue(name, value)));
            case "--throttle-rate" -> fault(emulator -> emulator.faults().throttleRate(rate(name, value)));
            case "--unavailable-rate" -> fault(emulator -> emulator.faults().serviceUnavailableRate(rate(name, value)));
            case "--internal-failure-rate" ->
                    fault(emulator -> emulator.faults().internalFailureRate(rate(name, value)));
            case "--drop-rate" -> fault(emulator -> emulator.faults().dropConnectionRate(rate(name, value)));
            case "--entry-failure-rate" -> fault(emulator -> emulator.faults().entryFailureRate(rate(name, value)));
            case "--latency-ms" -> latency(name, value);
            case "--channel-quota" -> builder.channelQuota(integer(name, value));
            default -> throw new IllegalArgumentException("Unknown option " + name);
        }
    }

    private void fault(Consumer<IoTAnalyticsEmulator> step) {
        setUp.add(step);
    }

    private void latency(String name, String value) {
        int dash = value.indexOf('-', 1);
        Duration min = Duration.ofMillis(longValue(name, dash < 0 ? value : value.substring(0, dash)));
        Duration max = dash < 0 ? min : Duration.ofMillis(longValue(name, value.substring(dash + 1)));
        fault(emulator -> emulator.faults().latency(min, max));
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs an integer, not " + value);
        }
    }

    private static long longValue(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs an integer, not " + value);
        }
    }

    private static double rate(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number between 0 and 1, not " + value);
        }
    }
}
