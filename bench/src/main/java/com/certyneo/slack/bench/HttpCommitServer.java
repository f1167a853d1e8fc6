package com.certyneo.slack.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

/**
 * The least a webhook receiver can do, run as its own JVM with the service's production options: read the request
 * body, commit one row durably (the floor's statement, one commit per request over up to 64 connections), answer
 * 202. No signature, no JSON, no batching. Offered the half-load rate, it says what HTTP plus a durable commit cost on
 * this machine with a JVM in the middle, which no implementation of the service can beat.
 * <p>
 * {@code java -cp certyneo-slack-bench.jar com.certyneo.slack.bench.HttpCommitServer <http port> <postgres port>}
 */
public final class HttpCommitServer {

    public static void main(String[] args) {
        int httpPort = Integer.parseInt(args[0]);
        int pgPort = Integer.parseInt(args[1]);
        // as Quarkus sizes its event loops: two per core
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(64)).connectingTo(Load.connectOptions(pgPort))
                .using(vertx).build();
        AtomicLong ids = new AtomicLong();
        String run = Long.toString(ProcessHandle.current().pid());
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)).requestHandler(request -> request
                        .body()
                        .compose(body -> pool.preparedQuery(Load.FLOOR_STATEMENT).execute(Tuple.of(Events.id("http", run, ids.incrementAndGet()))))
                        .onComplete(ar -> request.response().setStatusCode(ar.succeeded() ? 202 : 503)
                                .putHeader("Content-Type", "application/json")
                                .end(ar.succeeded() ? "{\"status\":\"accepted\"}" : "{}")))
                        .listen(httpPort, "127.0.0.1");
            }
        }, new DeploymentOptions().setInstances(loops));
    }

    /** Starts it with {@code jvmOptions} and waits until it listens. */
    static Process start(int httpPort, int pgPort, List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HttpCommitServer.class.getName());
        command.add(Integer.toString(httpPort));
        command.add(Integer.toString(pgPort));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 200);
                return process;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the HTTP commit server did not listen on " + httpPort);
    }
}
