package com.certyneo.slack.delivery;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.platform.PreparedStatementPool;
import com.certyneo.slack.slackapi.SlackClient;
import com.certyneo.slack.slackapi.SlackConfig;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Runs this replica's {@link DeliveryDispatcher}: wakes it when this replica's intake queues a delivery
 * ({@link QueueSignal}), on LISTEN delivery_queued (other replicas' intakes), on a periodic sweep (safety net for lost notifications, due retries and
 * expired leases of dead replicas), and stops it gracefully on shutdown.
 */
@ApplicationScoped
public class DeliveryEngine {

    private static final Logger LOG = Logger.getLogger(DeliveryEngine.class);
    public static final String CHANNEL = "delivery_queued";

    private final DeliveryDispatcher dispatcher;
    private final DeliveryQueue queue;
    private final DeliveryMetrics metrics;
    private final DeliveryConfig config;
    private final Vertx vertx;
    private final SlackConfig slackConfig;
    private final Pool pool;
    private final PreparedStatementPool pools;
    private volatile PgSubscriber subscriber;
    private volatile boolean listening;
    private volatile boolean started;
    private volatile io.vertx.core.Context context;

    public DeliveryEngine(DeliveryQueue queue, ChannelPacer pacer, SlackClient slack, TokenCipher cipher,
            InstallationRevoker revoker, ObjectMapper mapper, DeliveryMetrics metrics, DeliveryConfig config,
            SlackConfig slackConfig, Vertx vertx, Pool pool, PreparedStatementPool pools) {
        this.slackConfig = slackConfig;
        this.pool = pool;
        this.pools = pools;
        this.queue = queue;
        this.metrics = metrics;
        this.config = config;
        this.vertx = vertx;
        this.dispatcher = new DeliveryDispatcher(ownerId(), queue, pacer, slack, cipher, revoker, mapper, metrics,
                config);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Delivery dispatcher disabled (delivery.enabled=false)");
            return;
        }
        // created here, on the main thread: a context of its own, tied to no HTTP request (see wakeLocal)
        context = vertx.getDelegate().getOrCreateContext();
        started = true;
        Duration callTimeout = slackConfig.callTimeout();
        if (config.lease().compareTo(callTimeout.multipliedBy(2).plus(config.paceInterval())) < 0) {
            // a claim must outlive one Slack call, or another replica could send the same message meanwhile
            LOG.warnf(
                    "delivery.lease (%s) is short for slack.call-timeout (%s): raise it to at least twice the timeout",
                    config.lease(), callTimeout);
        }
        listen();
        dispatcher.wake();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (!started) {
            return;
        }
        started = false;
        try {
            dispatcher.stop(config.shutdownGrace()).await().atMost(config.shutdownGrace().plusSeconds(5));
        } catch (RuntimeException e) {
            LOG.warnf("Delivery dispatcher did not stop cleanly (%s); its claims expire after the lease",
                    e.getClass().getSimpleName());
        }
        PgSubscriber s = subscriber;
        if (s != null) {
            s.closeAndForget();
        }
    }

    /** Safety net: due retries, expired leases, lost notifications; also refreshes the queue gauges. */
    @Scheduled(every = "${delivery.sweep-interval:5s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        if (!started) {
            return Uni.createFrom().voidItem();
        }
        if (!listening) {
            listen();
        }
        dispatcher.wake();
        return queue.stats().invoke(s -> metrics.queue((long) s[0], s[1])).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /**
     * Outage probe (SPEC section 7): per workspace whose deliveries all wait on a long backoff, one is tried now; when
     * it gets through, the others follow at once. Harmless on every replica: a probe made due is skipped by the others.
     */
    @Scheduled(every = "${delivery.probe-interval:10s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> probe() {
        if (!started) {
            return Uni.createFrom().voidItem();
        }
        return queue.probeRetries(config.probeInterval()).invoke(dispatcher::wake).replaceWithVoid().onFailure()
                .recoverWithNull();
    }

    /** A delivery was queued by this replica: claim at once (no-op when this replica does not deliver). */
    void wakeLocal() {
        io.vertx.core.Context own = context;
        if (started && own != null) {
            // not on the caller's context: a Slack connection opened from an HTTP request's context belongs to the
            // HTTP server and is closed with it at shutdown, which cut in-flight posts (then sent again: duplicates)
            own.runOnContext(ignored -> dispatcher.wake());
        }
    }

    public DeliveryDispatcher dispatcher() {
        return dispatcher;
    }

    /** Whether LISTEN delivery_queued is active (otherwise only the sweep wakes the dispatcher). */
    public boolean listening() {
        return listening;
    }

    private synchronized void listen() {
        if (subscriber == null) {
            subscriber = PgSubscriber.subscriber(vertx, pools.connectOptions(pool, "listen"));
            // after a lost connection, reconnect every second for as long as it takes
            subscriber.reconnectPolicy(retries -> 1000L);
            subscriber.channel(CHANNEL).handler(id -> dispatcher.wake());
            subscriber.closeHandler(() -> listening = false);
        }
        subscriber.connect().subscribe().with(ok -> {
            listening = true;
            dispatcher.wake(); // anything queued while we were not listening
        }, failure -> {
            listening = false;
            LOG.warnf("LISTEN %s unavailable (%s); the periodic sweep delivers meanwhile", CHANNEL,
                    failure.getClass().getSimpleName());
        });
    }

    private static String ownerId() {
        String host;
        try {
            host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse(InetAddress.getLocalHost().getHostName());
        } catch (Exception e) {
            host = "replica";
        }
        return host + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
