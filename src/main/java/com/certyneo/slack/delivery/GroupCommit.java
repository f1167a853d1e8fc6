package com.certyneo.slack.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;

/**
 * Group commit of one kind of write: an item that finds fewer than {@code maxStatements} statements running is written
 * at once, alone; items arriving while they run wait for the next statement and share it (one round trip, one commit
 * for all). So a lone item is never delayed, and under load PostgreSQL counts statements, not items. Each item is
 * answered on the context it was submitted from, once its statement has committed.
 *
 * @param <T> what is written
 * @param <R> what each item's writer is answered (may be null)
 */
final class GroupCommit<T, R> {

    /** What the owner measures: a statement about to leave with its items' waits, and its duration. */
    interface Observer {
        void statement(int items, long[] waitNanos);

        default void ended(long statementNanos) {
        }
    }

    private record Pending<T, R>(T item, UniEmitter<? super R> answer, Context context, long readyAt) {
    }

    private final int maxBatch;
    private final int maxStatements;
    private final Function<? super T, ?> distinctKey;
    private final Function<List<T>, Uni<List<R>>> statement;
    private final Predicate<Throwable> oneByOne;
    private final Observer observer;
    private final ArrayDeque<Pending<T, R>> waiting = new ArrayDeque<>();
    private int running; // guarded by waiting

    /**
     * @param distinctKey items with equal keys never share a statement (the later one waits for the next)
     * @param statement writes a batch, answering one result per item, in order
     * @param oneByOne failures of a batch after which each of its items is written alone: one value PostgreSQL
     *        refuses must not fail its neighbours
     */
    GroupCommit(int maxBatch, int maxStatements, Function<? super T, ?> distinctKey,
            Function<List<T>, Uni<List<R>>> statement, Predicate<Throwable> oneByOne, Observer observer) {
        this.maxBatch = Math.max(1, maxBatch);
        this.maxStatements = Math.max(1, maxStatements);
        this.distinctKey = distinctKey;
        this.statement = statement;
        this.oneByOne = oneByOne;
        this.observer = observer;
    }

    /** PostgreSQL refused a value (SQLSTATE class 22): each item of the batch is written alone. */
    static boolean refusedValue(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22");
    }

    /** Writes {@code item} in the next statement; answers its result once committed. */
    Uni<R> submit(T item) {
        return Uni.createFrom().emitter(answer -> enqueue(new Pending<>(item, answer, Vertx.currentContext(),
                System.nanoTime())));
    }

    private void enqueue(Pending<T, R> pending) {
        List<Pending<T, R>> batch;
        synchronized (waiting) {
            waiting.add(pending);
            if (running >= maxStatements) {
                return; // a running statement's end takes it
            }
            running++;
            batch = take();
        }
        run(batch);
    }

    /** The next batch: oldest first, at most one item per key. */
    private List<Pending<T, R>> take() {
        List<Pending<T, R>> batch = new ArrayList<>();
        Set<Object> keys = new HashSet<>();
        for (Iterator<Pending<T, R>> it = waiting.iterator(); it.hasNext() && batch.size() < maxBatch;) {
            Pending<T, R> p = it.next();
            if (keys.add(distinctKey.apply(p.item()))) {
                batch.add(p);
                it.remove();
            }
        }
        return batch;
    }

    private void run(List<Pending<T, R>> batch) {
        long sent = System.nanoTime();
        long[] waits = new long[batch.size()];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = sent - batch.get(i).readyAt();
        }
        observer.statement(batch.size(), waits);
        // whatever happens while answering, the next statement starts: one lost wake-up would stop these writes
        execute(batch).subscribe().with(results -> {
            try {
                observer.ended(System.nanoTime() - sent);
                answer(batch, results);
            } finally {
                next();
            }
        }, failure -> {
            try {
                observer.ended(System.nanoTime() - sent);
                if (batch.size() > 1 && oneByOne.test(failure)) {
                    batch.forEach(p -> execute(List.of(p)).subscribe().with(results -> answer(List.of(p), results),
                            f -> on(p, () -> p.answer().fail(f))));
                } else {
                    batch.forEach(p -> on(p, () -> p.answer().fail(failure)));
                }
            } finally {
                next();
            }
        });
    }

    private Uni<List<R>> execute(List<Pending<T, R>> batch) {
        return Uni.createFrom().deferred(() -> statement.apply(batch.stream().map(Pending::item).toList()));
    }

    private void next() {
        List<Pending<T, R>> batch;
        synchronized (waiting) {
            if (waiting.isEmpty()) {
                running--;
                return;
            }
            batch = take();
        }
        run(batch);
    }

    private static <T, R> void answer(List<Pending<T, R>> batch, List<R> results) {
        for (int i = 0; i < batch.size(); i++) {
            Pending<T, R> p = batch.get(i);
            if (i >= results.size()) {
                on(p, () -> p.answer().fail(new IllegalStateException("the statement answered fewer rows than items")));
            } else {
                R result = results.get(i);
                on(p, () -> p.answer().complete(result));
            }
        }
    }

    /** On the item's own context, not the one that ran the batch's statement. */
    private static void on(Pending<?, ?> p, Runnable action) {
        if (p.context() == null || p.context() == Vertx.currentContext()) {
            action.run();
        } else {
            p.context().runOnContext(ignored -> action.run());
        }
    }
}
