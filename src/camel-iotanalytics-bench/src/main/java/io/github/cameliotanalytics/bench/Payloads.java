package io.github.cameliotanalytics.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/** A pool of distinct ~200-byte JSON device readings, made before any measurement. */
public final class Payloads {

    private final String[] texts;
    private final byte[][] bytes;

    public Payloads(int count, long seed) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("count must be a power of two");
        }
        SplittableRandom random = new SplittableRandom(seed);
        texts = new String[count];
        bytes = new byte[count][];
        for (int i = 0; i < count; i++) {
            texts[i] = String.format(Locale.ROOT,
                    "{\"deviceId\":\"sensor-%05d\",\"site\":\"plant_%d\",\"ts\":%d,\"temperature\":%.2f,"
                    + "\"humidity\":%.1f,\"pressure\":%.2f,\"status\":\"OK\",\"seq\":%d,\"battery\":%d,"
                    + "\"firmware\":\"3.14.2\",\"tags\":[\"line_%d\",\"zone_b\"]}",
                    random.nextInt(100_000), random.nextInt(10), 1_764_000_000_000L + random.nextInt(1_000_000_000),
                    15 + random.nextDouble() * 15, 30 + random.nextDouble() * 40, 990 + random.nextDouble() * 40,
                    random.nextInt(1_000_000), random.nextInt(100), random.nextInt(10));
            bytes[i] = texts[i].getBytes(StandardCharsets.UTF_8);
        }
    }

    public String text(long index) {
        return texts[(int) (index & (texts.length - 1))];
    }

    public byte[] bytes(long index) {
        return bytes[(int) (index & (bytes.length - 1))];
    }

    double meanBytes() {
        long sum = 0;
        for (byte[] b : bytes) {
            sum += b.length;
        }
        return (double) sum / bytes.length;
    }
}
