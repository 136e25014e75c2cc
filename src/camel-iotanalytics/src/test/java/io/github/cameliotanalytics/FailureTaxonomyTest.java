package io.github.cameliotanalytics;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import io.github.cameliotanalytics.batch.DeliveryFailure;
import io.github.cameliotanalytics.emulator.Fault;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each failure a user can meet, over real HTTP with the real SDK client (the one the component builds, except for the
 * small pool of the acquire timeout), and how the component classes it: retried (until the call succeeds, or until
 * {@code deliveryTimeout}, when the exchange ends with {@code DeliveryTimeout} and the last error in its message) or
 * failed at once with the error code of the failure. docs/reliability.md lists the same rows. Everything listens on
 * loopback; the unknown host is answered from the hosts file the build gives the test JVM, without any DNS query.
 */
class FailureTaxonomyTest extends EmulatorTestSupport {

    /** Short enough for a quick test, long enough for a few attempts even while the JVM is cold. */
    /**
     * Several attempts before the deadline. After connection failures the SDK's Netty client now and then leaves a call
     * without an answer: the producer ends it at requestTimeout (1 s here) and goes on, so a test sees the attempts
     * after it too.
     */
    private static final String UNTIL_DEADLINE = "batchSize=1&batchTimeout=5&deliveryTimeout=3000&requestTimeout=1000";
    private static final String ONE_BY_ONE = "batchSize=1&batchTimeout=5";

    /**
     * The contexts and clients of the tests that ran, stopping: closing the SDK's Netty client waits its event loops'
     * quiet period (2 s), which the next tests need not wait for.
     */
    private static final List<CompletableFuture<Void>> STOPPING = new ArrayList<>();

    private final List<AutoCloseable> resources = new ArrayList<>();

    @TempDir
    Path tempDir;

    @AfterEach
    void stopInTheBackground() {
        // the context first: a call in flight then ends before its server or client does
        CamelContext stopped = context;
        List<AutoCloseable> closed = List.copyOf(resources);
        context = null;
        STOPPING.add(CompletableFuture.runAsync(() -> {
            stopped.stop();
            for (AutoCloseable resource : closed) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // a test resource that did not close: nothing else uses it
                }
            }
        }));
    }

    @AfterAll
    static void awaitStops() throws Exception {
        CompletableFuture.allOf(STOPPING.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        STOPPING.clear();
    }

    // ---- retried ---------------------------------------------------------------------------------------------------

    @Test
    void connectionRefusedIsRetriedAndNeverCountsAsPossiblyStored() throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        String uri = at("http://127.0.0.1:" + closedPort, UNTIL_DEADLINE);

        assertRetriedUntilDeliveryTimeout(uri, send(uri, "{\"a\":1}"), "Connection refused", false);
    }

    @Test
    void connectTimeoutIsRetried() throws Exception {
        // a listener whose accept queue (backlog 1: two connections on Linux) is full and never drained: the kernel
        // drops the SYNs of further connections, which then time out (the SDK's connect timeout: 2 s)
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(full);
        fillAcceptQueue(full);
        String uri = at("http://127.0.0.1:" + full.getLocalPort(),
                "batchSize=1&batchTimeout=5&deliveryTimeout=3000&requestTimeout=2500");

        assertRetriedUntilDeliveryTimeout(uri, send(uri, "{\"a\":1}"), "connection timed out after 2000 ms", false);
    }

    @Test
    void unknownHostIsRetriedWithTheHostInTheMessage() throws Exception {
        // without the hosts file of the build, this name would go to the DNS resolver: refuse to run then
        assertThat(System.getProperty("jdk.net.hosts.file")).as("the test JVM resolves names from a file").isNotNull();
        String uri = at("http://no-such-host.invalid", UNTIL_DEADLINE);

        Exchange exchange = send(uri, "{\"a\":1}");

        assertRetriedUntilDeliveryTimeout(uri, exchange, "Cause: UnknownHostException: ", false);
        assertThat(errorMessage(exchange)).satisfiesAnyOf(m -> assertThat(m).contains("no-such-host.invalid"),
                m -> assertThat(m).contains("RequestTimeout"));
    }

    @Test
    void noFreeConnectionWithinTheAcquireTimeoutIsRetried() throws Exception {
        // a pool of one connection, held by a call the emulator does not answer: the other call waits for it, 200 ms
        IoTAnalyticsAsyncClient smallPool = IoTAnalyticsAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(1)
                        .connectionAcquisitionTimeout(Duration.ofMillis(200)))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .endpointOverride(emulator().endpoint())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
        resources.add(smallPool);
        context.getRegistry().bind("smallPool", smallPool);
        emulator().faults().hangDuration(Duration.ofSeconds(3)).script(Fault.HANG);
        String uri = "iotanalytics:" + CHANNEL + "?iotAnalyticsAsyncClient=#smallPool&maxInFlightBatches=2"
                     + "&batchSize=1&batchTimeout=5&deliveryTimeout=1500&requestTimeout=5000";

        List<Exchange> exchanges = completed(sendReadings(uri, 2));

        assertThat(exchanges).allSatisfy(e -> assertThat(errorCode(e)).isEqualTo(DeliveryFailure.DELIVERY_TIMEOUT));
        assertThat(exchanges).anySatisfy(e -> assertThat(errorMessage(e))
                .contains("last error: SdkClientException: No connection of the HTTP client free within its acquire"
                          + " timeout: Acquire operation took longer than"));
        assertThat(statistics(uri).messagesRetried()).isPositive();
    }

    @Test
    void callLongerThanRequestTimeoutIsRetriedAndMayHaveBeenStored() throws Exception {
        emulator().faults().hangDuration(Duration.ofSeconds(2)).script(Fault.HANG, Fault.OK);

        assertRetriedThenDelivered(ONE_BY_ONE + "&requestTimeout=300", true);
    }

    @Test
    void connectionResetInTheMiddleOfTheRequestIsRetriedAndMayHaveBeenStored() throws Exception {
        RawLoopbackServer server = open(new RawLoopbackServer(RawLoopbackServer.resetAfterTheHeaders(),
                RawLoopbackServer.answer(RawLoopbackServer.allStored())));
        String uri = at(server.endpoint(), ONE_BY_ONE);

        assertThat(send(uri, "{\"a\":1}").getException()).isNull();
        assertThat(server.connections()).isEqualTo(2);
        assertThat(statistics(uri).messagesResentAfterUnknownOutcome()).isEqualTo(1);
    }

    @Test
    void throttlingIsRetried() throws Exception {
        emulator().faults().script(Fault.THROTTLE, Fault.OK);

        assertRetriedThenDelivered(ONE_BY_ONE, false);
    }

    @Test
    void internalFailureIsRetried() throws Exception {
        emulator().faults().script(Fault.INTERNAL_FAILURE, Fault.OK);

        assertRetriedThenDelivered(ONE_BY_ONE, false);
    }

    @Test
    void serviceUnavailableIsRetried() throws Exception {
        emulator().faults().script(Fault.UNAVAILABLE, Fault.OK);

        assertRetriedThenDelivered(ONE_BY_ONE, false);
    }

    @Test
    void badGatewayAnsweredInHtmlIsRetriedAndMayHaveBeenStored() throws Exception {
        RawLoopbackServer gateway = open(new RawLoopbackServer(RawLoopbackServer.answer(RawLoopbackServer.response(
                "502 Bad Gateway", "Content-Type: text/html", "<html><body>502 Bad Gateway</body></html>")),
                RawLoopbackServer.answer(RawLoopbackServer.allStored())));
        String uri = at(gateway.endpoint(), ONE_BY_ONE);

        assertThat(send(uri, "{\"a\":1}").getException()).isNull();
        assertThat(gateway.connections()).isEqualTo(2);
        assertThat(statistics(uri).messagesResentAfterUnknownOutcome()).isEqualTo(1);
    }

    @Test
    void successAnsweredInHtmlIsRetriedAndMayHaveBeenStored() throws Exception {
        // a proxy or captive portal answering 200 with a page: the SDK cannot read it as the service's answer
        RawLoopbackServer portal = open(new RawLoopbackServer(RawLoopbackServer.answer(RawLoopbackServer.response(
                "200 OK", "Content-Type: text/html", "<html><body>Sign in to continue</body></html>")),
                RawLoopbackServer.answer(RawLoopbackServer.allStored())));
        String uri = at(portal.endpoint(), ONE_BY_ONE);

        assertThat(send(uri, "{\"a\":1}").getException()).isNull();
        assertThat(portal.connections()).isEqualTo(2);
        assertThat(statistics(uri).messagesResentAfterUnknownOutcome()).isEqualTo(1);
    }

    // ---- failed at once --------------------------------------------------------------------------------------------

    @Test
    void untrustedCertificateFailsAtOnceWithAClearMessage() throws Exception {
        String uri = at("https://127.0.0.1:" + tlsServer(null), UNTIL_DEADLINE);

        Exchange exchange = send(uri, "{\"a\":1}");

        assertFailedAtOnce(uri, exchange, "SSLHandshakeException");
        assertThat(errorMessage(exchange)).startsWith("TLS handshake failed: PKIX path building failed");
    }

    @Test
    void tlsHandshakeRefusedByTheServerFailsAtOnce() throws Exception {
        // the server accepts a single cipher suite, which needs an RSA key, and has an EC key: it agrees on nothing
        String uri = at("https://127.0.0.1:" + tlsServer("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), UNTIL_DEADLINE);

        Exchange exchange = send(uri, "{\"a\":1}");

        assertFailedAtOnce(uri, exchange, "SSLHandshakeException");
        assertThat(errorMessage(exchange)).isEqualTo("TLS handshake failed: Received fatal alert: handshake_failure");
    }

    @Test
    void invalidRequestFailsAtOnce() throws Exception {
        // a channel name the service refuses (a hyphen): 400 for the whole call
        String uri = "iotanalytics:plant-sensors?" + UNTIL_DEADLINE;

        Exchange exchange = send(uri, "{\"a\":1}");

        assertFailedAtOnce(uri, exchange, "InvalidRequestException");
    }

    @Test
    void signatureMadeWithTheWrongSecretKeyFailsAtOnce() throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?" + UNTIL_DEADLINE + "&secretKey=RAW(not-the-secret-key)";

        Exchange exchange = send(uri, "{\"a\":1}");

        assertFailedAtOnce(uri, exchange, "InvalidSignatureException");
        assertThat(errorMessage(exchange)).contains("signature");
    }

    @Test
    void expiredSecurityTokenFailsAtOnce() throws Exception {
        // the service's answer to expired temporary credentials, which the emulator does not check
        RawLoopbackServer service = open(new RawLoopbackServer(RawLoopbackServer.answer(RawLoopbackServer.response(
                "403 Forbidden", "Content-Type: application/json\r\nx-amzn-ErrorType: ExpiredTokenException",
                "{\"message\":\"The security token included in the request is expired\"}"))));
        String uri = at(service.endpoint(), UNTIL_DEADLINE);

        Exchange exchange = send(uri, "{\"a\":1}");

        assertFailedAtOnce(uri, exchange, "ExpiredTokenException");
        assertThat(errorMessage(exchange)).isEqualTo("The security token included in the request is expired");
    }

    @Test
    void channelDeletedWhileSendingFailsAtOnce() throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?" + UNTIL_DEADLINE;
        assertThat(send(uri, "{\"a\":1}").getException()).isNull();
        emulator().client().deleteChannel(b -> b.channelName(CHANNEL));

        Exchange exchange = send(uri, "{\"a\":2}");

        assertThat(errorCode(exchange)).isEqualTo("ResourceNotFoundException");
        assertThat(errorMessage(exchange)).contains(CHANNEL);
        assertThat(statistics(uri).batchesSent()).isEqualTo(2);
        assertThat(statistics(uri).messagesRetried()).isZero();
    }

    @Test
    void requestLargerThanTheServiceAcceptsFailsAtOnce() throws Exception {
        IoTAnalyticsEmulator small = IoTAnalyticsEmulator.builder().credentials(ACCESS_KEY, SECRET_KEY)
                .region("eu-west-1").maxRequestBytes(1024).build().start();
        resources.add(small);
        small.createChannel(CHANNEL);
        String uri = at(small.endpoint().toString(), UNTIL_DEADLINE);

        Exchange exchange = send(uri, "{\"a\":\"" + "x".repeat(2000) + "\"}");

        assertFailedAtOnce(uri, exchange, "RequestEntityTooLargeException");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static String at(String endpoint, String options) {
        return "iotanalytics:" + CHANNEL + "?" + options + "&uriEndpointOverride=" + endpoint;
    }

    private RawLoopbackServer open(RawLoopbackServer server) {
        resources.add(server);
        return server;
    }

    private IoTAnalyticsStatistics statistics(String uri) {
        return context.getEndpoint(uri, IoTAnalyticsEndpoint.class).getStatistics();
    }

    private static String errorCode(Exchange exchange) {
        return exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE, String.class);
    }

    private static String errorMessage(Exchange exchange) {
        return exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_MESSAGE, String.class);
    }

    /**
     * The exchange failed with DeliveryTimeout after at least two attempts, the last failing with {@code lastError};
     * {@code mayHaveBeenStored} says whether its re-sends counted as possible duplicates.
     */
    private void assertRetriedUntilDeliveryTimeout(String uri, Exchange exchange, String lastError,
                                                   boolean mayHaveBeenStored) {
        assertThat(exchange.getException(MessageNotDeliveredException.class)).isNotNull();
        assertThat(errorCode(exchange)).isEqualTo(DeliveryFailure.DELIVERY_TIMEOUT);
        IoTAnalyticsStatistics statistics = statistics(uri);
        assertThat(statistics.messagesRetried()).isPositive();
        if (mayHaveBeenStored) {
            assertThat(errorMessage(exchange)).contains("last error:").contains(lastError);
            assertThat(statistics.messagesResentAfterUnknownOutcome()).isPositive();
        } else {
            // the re-sends after this failure are not counted as possibly stored; after a few connection failures the
            // SDK's Netty client now and then leaves a call unanswered, which the producer ends at requestTimeout (and
            // counts): that call can be the last attempt
            assertThat(errorMessage(exchange)).contains("last error:")
                    .satisfiesAnyOf(m -> assertThat(m).contains(lastError), m -> assertThat(m).contains("RequestTimeout"));
            assertThat(statistics.messagesResentAfterUnknownOutcome()).isLessThan(statistics.messagesRetried());
        }
    }

    /**
     * Sends one message to the emulator, whose first call fails as its faults say: the message is delivered by the
     * second call; {@code mayHaveBeenStored} says whether its re-send counted as a possible duplicate.
     */
    private void assertRetriedThenDelivered(String options, boolean mayHaveBeenStored) {
        String uri = "iotanalytics:" + CHANNEL + "?" + options;

        assertThat(send(uri, "{\"a\":1}").getException()).isNull();

        assertThat(emulator().stats().batchCalls()).isEqualTo(2);
        assertThat(emulator().messages(CHANNEL)).hasSize(1);
        assertThat(statistics(uri).messagesRetried()).isEqualTo(1);
        assertThat(statistics(uri).messagesResentAfterUnknownOutcome()).isEqualTo(mayHaveBeenStored ? 1 : 0);
    }

    /** The exchange failed with {@code errorCode} after one call, never retried. */
    private void assertFailedAtOnce(String uri, Exchange exchange, String errorCode) {
        assertThat(exchange.getException(MessageNotDeliveredException.class)).isNotNull();
        assertThat(errorCode(exchange)).isEqualTo(errorCode);
        IoTAnalyticsStatistics statistics = statistics(uri);
        assertThat(statistics.batchesSent()).isEqualTo(1);
        assertThat(statistics.messagesRetried()).isZero();
    }

    /** Opens connections until one times out: the accept queue is then full. */
    private void fillAcceptQueue(ServerSocket listener) throws Exception {
        for (int i = 0; i < 16; i++) {
            Socket connection = new Socket();
            resources.add(connection);
            try {
                connection.connect(listener.getLocalSocketAddress(), 300);
            } catch (SocketTimeoutException full) {
                return;
            }
        }
        throw new AssertionError("the accept queue of a listener with backlog 1 did not fill up");
    }

    /**
     * A TLS server on loopback with a self-signed certificate (made with the JDK's keytool) that only shakes hands and
     * closes; {@code cipherSuite}, if given, is the only one it accepts. Returns its port.
     */
    private int tlsServer(String cipherSuite) throws Exception {
        Path keyStoreFile = tempDir.resolve("self-signed.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
                "-storepass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        if (cipherSuite != null) {
            server.setEnabledProtocols(new String[] { "TLSv1.2" });
            server.setEnabledCipherSuites(new String[] { cipherSuite });
        }
        resources.add(server);
        Thread handshakes = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket connection = (SSLSocket) server.accept()) {
                    connection.startHandshake();
                } catch (Exception e) {
                    // the handshake failed, as the test wants, or the server closed
                }
            }
        }, "TlsServer");
        handshakes.setDaemon(true);
        handshakes.start();
        return server.getLocalPort();
    }
}
