package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tells the dispatchers that a delivery was queued, once the intake has committed it: this replica's dispatcher in
 * process, the other replicas through NOTIFY delivery_queued, sent on its own (no write, so no WAL flush). Both are
 * coalesced to at most one per {@link DeliveryConfig#notifyInterval()} (the first one after a quiet spell leaves at
 * once): under a flood of webhooks one claim query per event cost PostgreSQL a third of its CPU. The NOTIFY payload
 * is the highest delivery id queued since the previous one.
 * <p>
 * Why not pg_notify inside the intake's transaction: PostgreSQL serialises the commits of notifying transactions
 * under one global lock, which defeats group commit — the benchmark measured 267 accepted webhooks/s against a
 * floor of 9,700 commits/s that way (BENCHMARKS.md). A NOTIFY lost to a crash right after the commit costs other
 * replicas at most one sweep interval; the event itself is durable.
 */
@ApplicationScoped
public class QueueSignal {

    private static final Logger LOG = Logger.getLogger(QueueSignal.class);
    private static final String NOTIFY = "select pg_notify($1, $2)";

    private final Pool pool;
    private final DeliveryEngine engine;
    private final AtomicLong highest = new AtomicLong();
    private volatile MultiEmitter<? super Long> signals;

    QueueSignal(Pool pool, DeliveryEngine engine, DeliveryConfig config) {
        this.pool = pool;
        this.engine = engine;
        Duration interval = Duration.ofMillis(Math.max(1, config.notifyInterval().toMillis())); // 1 ms: timer floor
        Uni<Void> quiet = Uni.createFrom().voidItem().onItem().delayIt().by(interval);
        // a signal, then a quiet interval; LATEST merges the deliveries queued meanwhile into the next signal
        Multi.createFrom().<Long>emitter(emitter -> signals = emitter, BackPressureStrategy.LATEST)
                .onItem().transformToUniAndConcatenate(id -> send(quiet))
                .subscribe().with(sent -> {
                }); // send() cannot fail
    }

    /** Delivery {@code id} is committed and queued. Cheap; never fails the caller. */
    public void queued(long id) {
        highest.accumulateAndGet(id, Math::max);
        signals.emit(id);
    }

    /** Wakes this replica's dispatcher and NOTIFYs the others, then gives {@code quiet}. */
    private Uni<Void> send(Uni<Void> quiet) {
        engine.wakeLocal();
        // not awaited: the quiet interval counts from the signal, as for the local wake-up
        pool.preparedQuery(NOTIFY).execute(Tuple.of(DeliveryEngine.CHANNEL, Long.toString(highest.get())))
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("NOTIFY %s failed (%s); other replicas pick the delivery up on their sweep",
                        DeliveryEngine.CHANNEL, failure.getClass().getSimpleName()));
        return quiet;
    }
}
