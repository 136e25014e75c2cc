package io.github.cameliotanalytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulatorExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageErrorEntry;
import software.amazon.awssdk.services.iotanalytics.model.InvalidRequestException;
import software.amazon.awssdk.services.iotanalytics.model.Message;

/**
 * The component's client-side checks ({@link MessageRules}) against the emulator's own rules, which were written
 * separately from the service model and the BatchPutMessage reference, on generated payloads and messageIds with
 * their near-misses. The emulator is asked through real BatchPutMessage calls with the SDK client: an entry error means
 * it refuses a payload, a 400 that it refuses a messageId. Any disagreement fails the test and is printed; it is fixed
 * on the side the model proves wrong, never by copying the other side. The seed makes every run the same.
 */
class MessageRulesDifferentialTest {

    private static final long SEED = 20261201L;
    private static final int PAYLOADS = 10_000;
    private static final int MESSAGE_IDS = 10_000;
    private static final String CHANNEL = "differential";

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.create();

    @Test
    void payloadsAreJudgedAlike() {
        EMULATOR.emulator().createChannel(CHANNEL);
        PayloadGenerator generator = new PayloadGenerator(new Random(SEED));
        List<byte[]> payloads = new ArrayList<>(generator.nearMisses());
        while (payloads.size() < PAYLOADS) {
            payloads.add(generator.next());
        }
        IoTAnalyticsClient client = EMULATOR.emulator().client();
        List<String> disagreements = new ArrayList<>();
        int refused = 0;
        for (int from = 0; from < payloads.size(); from += MessageRules.MAX_MESSAGES_PER_BATCH) {
            List<byte[]> batch = payloads.subList(from, Math.min(from + MessageRules.MAX_MESSAGES_PER_BATCH,
                    payloads.size()));
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                messages.add(Message.builder().messageId(Integer.toString(from + i))
                        .payload(SdkBytes.fromByteArray(batch.get(i))).build());
            }
            Map<String, String> emulatorVerdicts = new HashMap<>();
            for (BatchPutMessageErrorEntry entry : client.batchPutMessage(r -> r.channelName(CHANNEL)
                    .messages(messages)).batchPutMessageErrorEntries()) {
                emulatorVerdicts.put(entry.messageId(), entry.errorMessage());
            }
            for (int i = 0; i < batch.size(); i++) {
                String component = MessageRules.checkPayload(batch.get(i));
                String emulator = emulatorVerdicts.get(Integer.toString(from + i));
                refused += component == null ? 0 : 1;
                if ((component == null) != (emulator == null)) {
                    disagreements.add("payload #" + (from + i) + " " + describe(batch.get(i)) + "\n  component: "
                            + component + "\n  emulator:  " + emulator);
                }
            }
        }

        assertThat(disagreements).as("payloads judged differently").isEmpty();
        // the generated cases are not one-sided
        assertThat(refused).isBetween(PAYLOADS / 10, PAYLOADS * 9 / 10);
    }

    @Test
    void messageIdsAreJudgedAlike() {
        EMULATOR.emulator().createChannel(CHANNEL);
        Random random = new Random(SEED);
        List<String> ids = new ArrayList<>(List.of("", "x", "x".repeat(128), "x".repeat(129), "\u007f",
                " \t\n\u0000", "caf\u00e9", "\ud83d\ude00", "\ud83d\ude00".repeat(64), "a".repeat(127) + "\u00e9"));
        while (ids.size() < MESSAGE_IDS) {
            ids.add(randomId(random, ids.size()));
        }
        IoTAnalyticsClient client = EMULATOR.emulator().client();
        List<String> disagreements = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        int refused = 0;
        for (String id : ids) {
            if (MessageRules.checkMessageId(id) == null) {
                valid.add(id);
            } else {
                refused++;
                // the component refuses it: the emulator must refuse a call carrying it
                if (emulatorAccepts(client, List.of(id))) {
                    disagreements.add("messageId " + quote(id) + "\n  component: " + MessageRules.checkMessageId(id)
                            + "\n  emulator:  accepted");
                }
            }
        }
        // ids the component accepts go in batches of 100 distinct ids; a refused batch is tried id by id
        List<String> distinct = valid.stream().distinct().toList();
        for (int from = 0; from < distinct.size(); from += MessageRules.MAX_MESSAGES_PER_BATCH) {
            List<String> batch = distinct.subList(from, Math.min(from + MessageRules.MAX_MESSAGES_PER_BATCH,
                    distinct.size()));
            if (!emulatorAccepts(client, batch)) {
                for (String id : batch) {
                    if (!emulatorAccepts(client, List.of(id))) {
                        disagreements.add("messageId " + quote(id) + "\n  component: accepted\n  emulator:  refused");
                    }
                }
            }
        }

        assertThat(disagreements).as("messageIds judged differently").isEmpty();
        assertThat(refused).isBetween(MESSAGE_IDS / 10, MESSAGE_IDS * 9 / 10);
    }

    /** Whether the emulator takes a call with these ids (400 InvalidRequestException when it refuses one). */
    private static boolean emulatorAccepts(IoTAnalyticsClient client, List<String> ids) {
        List<Message> messages = ids.stream().map(id -> Message.builder().messageId(id)
                .payload(SdkBytes.fromUtf8String("{}")).build()).toList();
        try {
            client.batchPutMessage(r -> r.channelName(CHANNEL).messages(messages));
            return true;
        } catch (InvalidRequestException refused) {
            return false;
        }
    }

    /** ASCII and non-ASCII ids around the 1 to 128 length limits; a numbered prefix keeps most of them distinct. */
    private static String randomId(Random random, int number) {
        int length = switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(5);
            case 1 -> 126 + random.nextInt(5);
            default -> random.nextInt(140);
        };
        StringBuilder id = new StringBuilder(Integer.toString(number));
        while (id.length() < length) {
            int kind = random.nextInt(100);
            if (kind < 2) {
                id.append((char) (0x80 + random.nextInt(0x780)));
            } else if (kind < 3) {
                id.appendCodePoint(0x1F600 + random.nextInt(50));
            } else {
                id.append((char) random.nextInt(0x80));
            }
        }
        return id.length() > length && length > 0 ? id.substring(0, length) : id.toString();
    }

    private static String describe(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        String shown = text.length() > 300 ? text.substring(0, 150) + "..." + text.substring(text.length() - 150)
                : text;
        return "(" + payload.length + " bytes) " + quote(shown);
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c > 0x7e) {
                quoted.append(String.format("\\u{%x}", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }

    /** Payloads built from the rules' edges: names, structures, sizes and broken JSON. */
    private static final class PayloadGenerator {

        private static final String[] GOOD_NAMES = {"a", "A", "_", "temp_01", "_temp_01", "ab_c", "Z9", "x0_",
            "sensor_value_", "_a1__b"};
        private static final String[] BAD_NAMES = {"", "a_b", "_a_b", "__x", "__temp_01", "01_temp", "9", "temp-01",
            "a b", "t\u00e4", "\u00e9", "a.b", "a\\u002db", "a\\n", "\\u00e9", "$x", "x$", "_-", "a__", "\ud83d\ude00"};

        private final Random random;

        PayloadGenerator(Random random) {
            this.random = random;
        }

        /** The fixed near-misses, before the random ones. */
        List<byte[]> nearMisses() {
            List<String> cases = new ArrayList<>();
            for (String name : GOOD_NAMES) {
                cases.add("{\"" + name + "\":1}");
                cases.add("{\"outer\":{\"" + name + "\":[1,{\"" + name + "\":2}]}}");
            }
            for (String name : BAD_NAMES) {
                cases.add("{\"" + name + "\":1}");
                cases.add("{\"outer\":{\"" + name + "\":1}}");
                cases.add("{\"list\":[1,{\"" + name + "\":2}]}");
                cases.add("[{\"" + name + "\":1}]");
            }
            cases.addAll(List.of("{\"a\":1,\"A\":2}", "{\"a\":1,\"a\":2}", "{\"Temp_01\":1,\"temp_01\":2}",
                    "{\"a\":{\"x\":1},\"b\":{\"X\":1}}", "{\"a\":[{\"x\":1},{\"x\":1}]}",
                    "{\"" + "a".repeat(255) + "\":1}", "{\"" + "a".repeat(256) + "\":1}",
                    "{\"_" + "a".repeat(254) + "\":1}", "{\"" + "a".repeat(60_000) + "\":1}",
                    "{\"a-b\":1} {}", "{} {\"a-b\":1}", "{\"a-b\":1}x", "{\"a-b\":1", "{'a-b':1}", "{\"a-b\":01}",
                    "{\"a-b\":1,}", "\ufeff{\"a-b\":1}", "", " ", "{}", "[]", "\"a-b\"", "42", "null",
                    "{\"a-b\":1} ", "\t\r\n{\"a-b\":1}\n", "{\"a-b\": \"\u00e9\"}", "{\"ok\": \"\u00e9\"}",
                    "{\"ok\":\"\\ud83d\\ude00\"}", "{\"ok\":\"\u0001\"}", "{\"a-b\":1 /* c */}",
                    "{\"a-b\":" + "9".repeat(1_001) + "}", "{\"ok\":" + "9".repeat(1_001) + "}",
                    "{\"a-b\":NaN}", "{\"a-b\":true,\"ok\":nul}"));
            for (int depth : new int[] {63, 64, 65, 499, 500, 501, 999, 1_000, 1_001, 5_000}) {
                cases.add("{\"a\":".repeat(depth) + "{\"b-c\":1}" + "}".repeat(depth));
                cases.add("{\"a\":".repeat(depth) + "{\"b\":1}" + "}".repeat(depth));
                cases.add("{\"a\":" + "[".repeat(depth) + "{\"b-c\":1}" + "]".repeat(depth) + "}");
            }
            List<byte[]> payloads = new ArrayList<>();
            cases.forEach(text -> payloads.add(text.getBytes(StandardCharsets.UTF_8)));
            for (int size : new int[] {131_071, 131_072, 131_073}) {
                payloads.add(padded("{\"ok\":\"", size));
                payloads.add(padded("{\"a-b\":\"", size));
                payloads.add(new byte[size]);
            }
            payloads.add("{\"a\":\"\u00ff\u00fe\"}".getBytes(StandardCharsets.ISO_8859_1));
            payloads.add(new byte[] {'{', '"', (byte) 0xc3, '"', ':', '1', '}'});
            return payloads;
        }

        /** A JSON object of exactly {@code size} bytes: the start, then 'x' up to the closing {@code "}}. */
        private static byte[] padded(String start, int size) {
            return (start + "x".repeat(size - start.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
        }

        byte[] next() {
            int kind = random.nextInt(100);
            String json = object(0);
            if (kind < 70) {
                return json.getBytes(StandardCharsets.UTF_8);
            }
            if (kind < 80) {
                // broken: cut short, or something after the object
                return (random.nextBoolean() ? json.substring(0, random.nextInt(json.length()))
                        : json + pick(" {}", "x", ",", " []", "}")).getBytes(StandardCharsets.UTF_8);
            }
            if (kind < 88) {
                return ("[" + json + "]").getBytes(StandardCharsets.UTF_8);
            }
            if (kind < 94) {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                if (bytes.length > 0 && random.nextBoolean()) {
                    bytes[0] = '{';
                }
                return bytes;
            }
            // an object at one of the size limits
            int size = 131_070 + random.nextInt(5);
            String start = json.substring(0, json.length() - 1) + (json.length() > 2 ? "," : "") + "\"pad\":\"";
            return start.length() + 2 < size ? padded(start, size) : json.getBytes(StandardCharsets.UTF_8);
        }

        private String object(int depth) {
            int fields = random.nextInt(depth == 0 ? 8 : 4);
            StringBuilder json = new StringBuilder("{");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < fields; i++) {
                String name = name(names);
                names.add(name);
                json.append(i == 0 ? "" : ",").append(random.nextBoolean() ? "" : " ").append('"').append(name)
                        .append("\":").append(value(depth));
            }
            return json.append('}').toString();
        }

        private String name(List<String> taken) {
            int kind = random.nextInt(1000);
            if (kind < 15 && !taken.isEmpty()) {
                String other = taken.get(random.nextInt(taken.size()));
                return random.nextBoolean() ? other : swapCase(other);
            }
            if (kind < 45) {
                return BAD_NAMES[random.nextInt(BAD_NAMES.length)];
            }
            if (kind < 50) {
                return (random.nextBoolean() ? "_" : "a") + "b".repeat(253 + random.nextInt(3));
            }
            if (kind < 150) {
                return GOOD_NAMES[random.nextInt(GOOD_NAMES.length)] + random.nextInt(1000);
            }
            String alphabet = "abcXYZ019_";
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(6);
            for (int i = 0; i < length; i++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return name.toString();
        }

        private String value(int depth) {
            int kind = random.nextInt(10);
            if (kind < 2 && depth < 4) {
                return object(depth + 1);
            }
            if (kind < 3 && depth < 4) {
                return "[" + value(depth + 1) + "," + object(depth + 1) + "]";
            }
            return pick("1", "-2.5e3", "true", "null", "\"text\"", "\"caf\u00e9\"", "\"\\u00e9\"", "\"a\\\"b\"",
                    "[]", "{}", "0");
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }

        private String swapCase(String name) {
            StringBuilder swapped = new StringBuilder();
            for (char c : name.toCharArray()) {
                swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            }
            return swapped.toString();
        }
    }
}
