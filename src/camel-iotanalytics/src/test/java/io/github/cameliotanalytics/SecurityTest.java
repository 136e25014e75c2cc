package io.github.cameliotanalytics;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials are really used and never shown; TLS certificates are checked unless the user turns that off.
 */
class SecurityTest extends EmulatorTestSupport {

    @Test
    void wrongSecretIsRefusedByTheSignatureCheckAndAppearsNowhere() throws Exception {
        String secret = "not-the-right-secret-0123456789";
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        Exchange exchange;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10&secretKey=RAW(" + secret + ")", "{\"a\":1}");
            context.stop();
        } finally {
            System.setErr(stderr);
        }

        MessageNotDeliveredException e = exchange.getException(MessageNotDeliveredException.class);
        assertThat(e.getErrorCode()).isEqualTo("InvalidSignatureException");
        assertThat(emulator().messages(CHANNEL)).isEmpty();
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        e.printStackTrace(new PrintStream(trace, true, StandardCharsets.UTF_8));
        assertThat(trace.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
        assertThat(exchange.getMessage().getHeaders().toString()).doesNotContain(secret);
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
    }

    @Test
    void sessionCredentialsAreSigned() {
        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10&useSessionCredentials=true"
                                 + "&sessionToken=RAW(token/with+chars=)",
                "{\"a\":1}");

        assertThat(exchange.getException()).isNull();
        assertThat(emulator().messages(CHANNEL)).hasSize(1);
    }

    @Test
    void untrustedCertificateFailsAtOnceUnlessTrustAllCertificates(@TempDir Path dir) throws Exception {
        HttpsServer server = selfSignedServer(dir);
        try {
            String endpoint = "https://127.0.0.1:" + server.getAddress().getPort();
            String uri = "iotanalytics:" + CHANNEL + "?batchTimeout=10&uriEndpointOverride=" + endpoint;

            Exchange refused = send(uri, "{\"a\":1}");
            Exchange trusted = send(uri + "&trustAllCertificates=true", "{\"a\":1}");

            MessageNotDeliveredException e = refused.getException(MessageNotDeliveredException.class);
            assertThat(ObjectHelper.getException(SSLHandshakeException.class, e)).isNotNull();
            // not retried until deliveryTimeout: failed on the first attempt
            assertThat(e.getMessage()).doesNotContain("Not delivered within deliveryTimeout");
            assertThat(trusted.getException()).isNull();
        } finally {
            server.stop(0);
        }
    }

    /** An HTTPS server with a fresh self-signed certificate that accepts every BatchPutMessage call. */
    private static HttpsServer selfSignedServer(Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/messages/batch", http -> {
            http.getRequestBody().readAllBytes();
            byte[] body = "{\"batchPutMessageErrorEntries\":[]}".getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().add("Content-Type", "application/json");
            http.sendResponseHeaders(200, body.length);
            http.getResponseBody().write(body);
            http.close();
        });
        server.start();
        return server;
    }
}
