package io.github.cameliotanalytics.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameliotanalytics.SpoolStatus;

/**
 * The sending JVM of the crash run ({@link SpoolCrashRun}), which kills it: sends flat out through
 * {@code iotanalytics:} with a spool in {@code --spool-dir}, and appends the messageId of each exchange that completed
 * as spooled to {@code --log}, one line each, written to the file (one {@code write} per line, no buffer of its own)
 * after the completion, so that a {@code kill -9} loses no line of a completed exchange.
 * <p>
 * Prints {@code STARTED torn=<n> records=<n>} once the spool is open (what the spool found at start), or
 * {@code FAILED <why>} and exits with 2 when it cannot start. With {@code --drain}, sends nothing, waits until the spool
 * is empty, prints {@code DRAINED <spool figures>} and exits with 0 (1 when it was not empty in time).
 * <p>
 * Options: {@code --endpoint URL}, {@code --channel NAME}, {@code --spool-dir DIR}, {@code --log FILE},
 * {@code --id-prefix P} (messageIds are P0, P1...), {@code --senders N} (4), {@code --window N} (exchanges in flight per
 * sender, 100), {@code --uri-options a=1&b=2}, {@code --drain}, {@code --drain-timeout-seconds N} (300).
 */
public final class SpoolSender {

    static final String STARTED = "STARTED";
    static final String DRAINED = "DRAINED";
    static final String FAILED = "FAILED";

    private SpoolSender() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String endpoint = null;
        String channel = null;
        Path spoolDirectory = null;
        Path log = null;
        String prefix = "m";
        int senders = 4;
        int window = 100;
        String uriOptions = "";
        boolean drain = false;
        int drainTimeoutSeconds = 300;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--drain")) {
                drain = true;
                continue;
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--endpoint" -> endpoint = value;
                case "--channel" -> channel = value;
                case "--spool-dir" -> spoolDirectory = Path.of(value);
                case "--log" -> log = Path.of(value);
                case "--id-prefix" -> prefix = value;
                case "--senders" -> senders = Integer.parseInt(value);
                case "--window" -> window = Integer.parseInt(value);
                case "--uri-options" -> uriOptions = value;
                case "--drain-timeout-seconds" -> drainTimeoutSeconds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i - 1]);
            }
        }
        SpoolRig rig;
        try {
            rig = SpoolRig.start(URI.create(endpoint), channel, spoolDirectory, uriOptions);
        } catch (Exception e) {
            System.out.println(FAILED + " " + e);
            System.out.flush();
            System.exit(2);
            return;
        }
        SpoolStatus atStart = rig.status();
        System.out.println(STARTED + " torn=" + atStart.spool().tornRecords() + " records=" + atStart.spool().records());
        System.out.flush();
        if (drain) {
            boolean empty = rig.awaitEmpty(drainTimeoutSeconds);
            SpoolStatus status = rig.status();
            rig.close();
            System.out.println(DRAINED + " " + (empty ? "" : "NOT EMPTY ") + SpoolRig.describe(status));
            System.out.flush();
            System.exit(empty ? 0 : 1);
        }
        sendUntilKilled(rig, log, prefix, senders, window);
    }

    /** Sends from {@code senders} threads until the process is killed. */
    private static void sendUntilKilled(SpoolRig rig, Path log, String prefix, int senders, int window)
            throws IOException {
        FileChannel spooledLog = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        Payloads payloads = new Payloads(1024, 11);
        AtomicLong next = new AtomicLong();
        for (int s = 0; s < senders; s++) {
            Semaphore inFlight = new Semaphore(window);
            Thread sender = new Thread(() -> {
                while (true) {
                    inFlight.acquireUninterruptibly();
                    long index = next.getAndIncrement();
                    String id = prefix + index;
                    rig.send(id, payloads.text(index), exchange -> {
                        if (SpoolRig.errorCode(exchange) == null) {
                            append(spooledLog, id);
                        }
                        inFlight.release();
                    });
                }
            }, "spool-sender-" + s);
            sender.start();
        }
    }

    /** One line, written with one call: the file holds it once the call returns, whatever happens to this JVM then. */
    private static void append(FileChannel log, String id) {
        ByteBuffer line = ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII));
        synchronized (log) {
            try {
                while (line.hasRemaining()) {
                    log.write(line);
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot write the log of spooled messages", e);
            }
        }
    }
}
