package com.certyneo.slack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AppProcess;

/**
 * The README's run command: the built jar with {@code -Dquarkus.profile=local} and nothing else
 * starts its own PostgreSQL (found by name by Main) and becomes ready, with no secret set, listening
 * on 127.0.0.1 only (its well-known values must not be reachable from the network).
 */
class LocalRunIT {

    @Test
    void localProfileWithNoConfigurationStartsAnEmbeddedDatabaseAndBecomesReadyOnLoopbackOnly() throws Exception {
        assumeFalse(AppProcess.isNative(), "the native/production build has no embedded PostgreSQL, by design");
        try (AppProcess app = AppProcess.start(Map.of(), "-Dquarkus.profile=local")) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(app.isAlive()).as("app died:\n%s", app.output()).isTrue();
                assertThat(app.managementStatus("/q/health/ready")).isEqualTo(200);
            });
            assertThat(app.output()).contains("Profile local activated").doesNotContain("missing required")
                    .contains("Listening on: http://127.0.0.1:" + app.port());
            // the sandbox's well-known secrets must not be reachable from the network
            for (InetAddress address : nonLoopbackAddresses()) {
                assertThat(connects(address, app.port())).as("reachable on %s", address).isFalse();
            }
            // the local values (application-local.properties) are there: admin tokens are checked
            // against the local key, audience and issuer
            assertThat(adminStatus(app, ProductionEnv.platformToken("certyneo-slack", "certyneo-local-sandbox")))
                    .isEqualTo(200);
            assertThat(adminStatus(app, ProductionEnv.platformToken("another-client", "certyneo-local-sandbox")))
                    .isEqualTo(401);
            app.sigterm();
            app.awaitExit(Duration.ofSeconds(60));
            assertThat(app.output()).contains("stopped in");
        }
    }

    private static int adminStatus(AppProcess app, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                + "/api/v1/accounts/acc_local/slack")).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<InetAddress> nonLoopbackAddresses() throws Exception {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address)
                        .forEach(addresses::add);
            }
        }
        return addresses;
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
