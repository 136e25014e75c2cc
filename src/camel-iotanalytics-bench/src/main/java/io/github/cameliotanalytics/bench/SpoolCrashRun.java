package io.github.cameliotanalytics.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The crash run of store and forward (issue #25, docs/reliability.md): a sending JVM ({@link SpoolSender}) sends flat
 * out through {@code iotanalytics:} with a spool on a fixed directory and logs each messageId whose exchange completed
 * as spooled; this JVM kills it ({@code kill -9}, {@link Process#destroyForcibly()}) at a random point after it started,
 * {@code --kills} times, starting it again on the same directory each time; a last sending JVM only drains the spool.
 * The emulator (a process of its own, up throughout) writes what it stores to its data directory; the run then checks
 * that every messageId logged as spooled is stored at least once, counts the duplicates (a message delivered again
 * after a crash carries the same id), sums the torn records each start found, and that every start succeeded (no
 * corrupt spool).
 * <p>
 * Options: {@code --kills N} (20), {@code --min-run-ms N} (2000) and {@code --max-run-ms N} (15000): how long each sending
 * JVM sends before its kill, drawn at random in between (a cold JVM's forwarder delivers its first messages some
 * seconds after its start on a busy machine: much shorter runs leave the delivery, and so the duplicates, to the last
 * one); {@code --senders N} (4, threads of each sending JVM),
 * {@code --seed N} (random), {@code --uri-options a=1&b=2} (more endpoint options), {@code --spool-dir DIR} (default: a
 * new temporary directory, deleted at the end).
 */
public final class SpoolCrashRun {

    static final String CHANNEL = "spool_crash";
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long DRAIN_TIMEOUT_SECONDS = 600;

    private SpoolCrashRun() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int kills = 20;
        long minRunMs = 2000;
        long maxRunMs = 15000;
        int senders = 4;
        long seed = System.nanoTime();
        String uriOptions = "";
        Path spoolDirectory = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--kills" -> kills = Integer.parseInt(value);
                case "--min-run-ms" -> minRunMs = Long.parseLong(value);
                case "--max-run-ms" -> maxRunMs = Long.parseLong(value);
                case "--senders" -> senders = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--uri-options" -> uriOptions = value;
                case "--spool-dir" -> spoolDirectory = Path.of(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        System.out.printf("spool-crash: %d kills, each after %d..%d ms of sending, %d senders, seed %d, endpoint"
                          + " options [%s]%n", kills, minRunMs, maxRunMs, senders, seed, uriOptions);
        Path work = Files.createTempDirectory("spool-crash");
        boolean ownSpool = spoolDirectory == null;
        Path spool = ownSpool ? work.resolve("spool") : spoolDirectory;
        boolean ok;
        try (JournalingEmulator emulator = JournalingEmulator.start(work.resolve("emulator"), List.of(CHANNEL))) {
            ok = run(emulator, work, spool, kills, minRunMs, maxRunMs, senders, new SplittableRandom(seed), uriOptions);
        } finally {
            SpoolRig.delete(work);
        }
        System.out.println(ok ? "PASSED" : "FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static boolean run(JournalingEmulator emulator, Path work, Path spool, int kills, long minRunMs,
                               long maxRunMs, int senders, SplittableRandom random, String uriOptions) throws Exception {
        List<Path> logs = new ArrayList<>();
        List<Long> tornAtStart = new ArrayList<>();
        int starts = 0;
        int failedStarts = 0;
        for (int k = 0; k < kills; k++) {
            Path log = work.resolve("spooled-" + k + ".log");
            logs.add(log);
            Child child = Child.start(emulator, spool, work, k, List.of("--log", log.toString(), "--id-prefix",
                    "k" + k + "-", "--senders", Integer.toString(senders), "--uri-options", uriOptions));
            starts++;
            if (child.started == null) {
                failedStarts++;
                System.out.printf("  start %d failed: %s; its stderr ends with:%n%s%n", k, child.firstLine, tail(child.stderr));
                child.process.destroyForcibly().waitFor();
                continue;
            }
            tornAtStart.add(torn(child.started));
            long runMs = minRunMs + (maxRunMs > minRunMs ? random.nextLong(maxRunMs - minRunMs) : 0);
            Thread.sleep(runMs);
            child.process.destroyForcibly();
            child.process.waitFor();
        }
        // the last one drains
        Child drainer = Child.start(emulator, spool, work, kills, List.of("--drain", "--drain-timeout-seconds",
                Long.toString(DRAIN_TIMEOUT_SECONDS), "--uri-options", uriOptions));
        starts++;
        String drained = null;
        if (drainer.started == null) {
            failedStarts++;
            System.out.printf("  the draining start failed: %s; its stderr ends with:%n%s%n", drainer.firstLine,
                    tail(drainer.stderr));
        } else {
            tornAtStart.add(torn(drainer.started));
            drained = drainer.out.readLine();
        }
        boolean drainedOk = drainer.process.waitFor(DRAIN_TIMEOUT_SECONDS + 60, TimeUnit.SECONDS)
                            && drainer.process.exitValue() == 0 && drained != null && drained.startsWith(SpoolSender.DRAINED);
        drainer.process.destroyForcibly();
        emulator.stop();

        Map<String, Integer> copies = EmulatorJournal.read(emulator.dataDirectory(), CHANNEL).copies();
        Set<String> logged = new HashSet<>();
        long lost = 0;
        List<String> lostExamples = new ArrayList<>();
        for (Path log : logs) {
            for (String id : completeLines(log)) {
                if (logged.add(id) && !copies.containsKey(id)) {
                    lost++;
                    if (lostExamples.size() < 5) {
                        lostExamples.add(id);
                    }
                }
            }
        }
        long stored = copies.values().stream().mapToLong(Integer::longValue).sum();
        long duplicates = stored - copies.size();
        // spooled, or about to be, when the kill came before the line of the log
        long storedNotLogged = copies.keySet().stream().filter(id -> !logged.contains(id)).count();
        long torn = tornAtStart.stream().mapToLong(Long::longValue).sum();
        boolean ok = failedStarts == 0 && drainedOk && lost == 0 && !logged.isEmpty();
        System.out.printf("spool-crash: %d kills, %d starts (%d failed), %,d messageIds logged as spooled, %,d stored"
                          + " (%,d distinct), %,d logged but not stored%s, %,d duplicates, %,d stored but not logged"
                          + " (killed between the spool and the log); torn records found at start: %,d in all %s;"
                          + " drain: %s%n", kills, starts, failedStarts, logged.size(), stored, copies.size(), lost,
                lostExamples.isEmpty() ? "" : " " + lostExamples, duplicates, storedNotLogged, torn, tornAtStart,
                drained);
        return ok;
    }

    private static long torn(String startedLine) {
        return Long.parseLong(startedLine.replaceAll(".*torn=(\\d+).*", "$1"));
    }

    /** The last lines of a sending JVM's standard error. */
    private static String tail(Path stderr) throws IOException {
        if (!Files.exists(stderr)) {
            return "";
        }
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** The lines of a log that end with a newline: a line cut by the kill is not one. */
    private static List<String> completeLines(Path log) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(log)) {
            return lines;
        }
        String text = Files.readString(log, StandardCharsets.US_ASCII);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return lines;
        }
        for (String line : text.substring(0, end).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** One sending JVM, and the first line it printed ({@code STARTED ...} when it started). */
    private static final class Child {

        final Process process;
        final BufferedReader out;
        final String firstLine;
        final String started;
        final Path stderr;

        private Child(Process process, BufferedReader out, String firstLine, Path stderr) {
            this.process = process;
            this.out = out;
            this.firstLine = firstLine;
            this.started = firstLine != null && firstLine.startsWith(SpoolSender.STARTED) ? firstLine : null;
            this.stderr = stderr;
        }

        static Child start(JournalingEmulator emulator, Path spool, Path work, int index, List<String> more)
                throws IOException, InterruptedException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseG1GC",
                    "-cp", System.getProperty("java.class.path"), SpoolSender.class.getName(),
                    "--endpoint", emulator.endpoint().toString(), "--channel", CHANNEL, "--spool-dir", spool.toString()));
            command.addAll(more);
            Path stderr = work.resolve("sender-" + index + ".err");
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "sender-reaper"));
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String[] first = new String[1];
            Thread reader = new Thread(() -> {
                try {
                    first[0] = out.readLine();
                } catch (IOException e) {
                    first[0] = "(no output: " + e + ")";
                }
            }, "sender-start");
            reader.start();
            reader.join(TimeUnit.SECONDS.toMillis(START_TIMEOUT_SECONDS));
            return new Child(process, out, first[0], stderr);
        }
    }
}
