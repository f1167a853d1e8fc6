package com.certyneo.slack.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.pgclient.PgException;

/**
 * Group commit's rules, with a statement the test finishes by hand: a lone write goes at once and alone, writes
 * arriving while a statement runs share the next one, twins never share a statement, and one value the database
 * refuses fails only its own write.
 */
class GroupCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Every statement run: its items, and the emitter that ends it. */
    private final List<List<String>> statements = new CopyOnWriteArrayList<>();
    private final List<UniEmitter<? super List<String>>> running = new CopyOnWriteArrayList<>();
    private final List<Integer> observed = new CopyOnWriteArrayList<>();

    private final GroupCommit<String, String> commits = new GroupCommit<>(3, 1, item -> item.split("#")[0],
            items -> {
                statements.add(List.copyOf(items));
                return Uni.createFrom().emitter(running::add);
            }, GroupCommit::refusedValue, (items, waits) -> observed.add(items));

    @Test
    void aLoneWriteGoesAtOnceAndAlone() {
        UniAssertSubscriber<String> a = submit("a");

        assertThat(statements).containsExactly(List.of("a"));
        finish(0);
        assertThat(a.awaitItem(WAIT).getItem()).isEqualTo("A");
        assertThat(observed).containsExactly(1);
    }

    @Test
    void writesArrivingWhileAStatementRunsShareTheNextInArrivalOrder() {
        UniAssertSubscriber<String> a = submit("a");
        List<UniAssertSubscriber<String>> later = new ArrayList<>();
        for (String item : List.of("b", "c", "d", "e")) {
            later.add(submit(item));
        }
        assertThat(statements).as("nothing more leaves while one statement runs").hasSize(1);

        finish(0);
        // at most three per statement: b, c, d now; e after them
        assertThat(statements).containsExactly(List.of("a"), List.of("b", "c", "d"));
        finish(1);
        assertThat(statements).containsExactly(List.of("a"), List.of("b", "c", "d"), List.of("e"));
        finish(2);

        assertThat(a.awaitItem(WAIT).getItem()).isEqualTo("A");
        assertThat(later.stream().map(s -> s.awaitItem(WAIT).getItem()).toList()).containsExactly("B", "C", "D",
                "E");
        assertThat(observed).containsExactly(1, 3, 1);
    }

    @Test
    void twinsNeverShareAStatement() {
        submit("x#1");
        submit("y#1");
        submit("y#2");
        submit("z#1");

        finish(0);
        // y#2 has the key of y#1: it waits for the statement after, which z#1 does not
        assertThat(statements).containsExactly(List.of("x#1"), List.of("y#1", "z#1"));
        finish(1);
        assertThat(statements.get(2)).containsExactly("y#2");
    }

    @Test
    void aValueTheDatabaseRefusesFailsOnlyItsOwnWrite() {
        submit("a");
        UniAssertSubscriber<String> good = submit("good");
        UniAssertSubscriber<String> bad = submit("bad");
        finish(0);

        running.get(1).fail(new PgException("invalid input syntax", "ERROR", "22P02", "bad"));
        // each item of the refused batch is written again, alone
        assertThat(statements.subList(2, 4)).containsExactly(List.of("good"), List.of("bad"));
        finish(2);
        running.get(3).fail(new PgException("invalid input syntax", "ERROR", "22P02", "bad"));

        assertThat(good.awaitItem(WAIT).getItem()).isEqualTo("GOOD");
        assertThat(bad.awaitFailure(WAIT).getFailure()).isInstanceOf(PgException.class);
    }

    @Test
    void anyOtherFailureFailsTheWholeBatchAndTheNextStatementStillRuns() {
        submit("a");
        UniAssertSubscriber<String> b = submit("b");
        UniAssertSubscriber<String> c = submit("c");
        finish(0);

        running.get(1).fail(new IllegalStateException("connection closed"));
        assertThat(b.awaitFailure(WAIT).getFailure()).hasMessage("connection closed");
        assertThat(c.awaitFailure(WAIT).getFailure()).hasMessage("connection closed");

        UniAssertSubscriber<String> d = submit("d");
        assertThat(statements).as("nothing written one by one").hasSize(3);
        finish(2);
        assertThat(d.awaitItem(WAIT).getItem()).isEqualTo("D");
    }

    private UniAssertSubscriber<String> submit(String item) {
        return commits.submit(item).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    /** Ends statement {@code i}: each item answered in upper case. */
    private void finish(int i) {
        running.get(i).complete(statements.get(i).stream().map(String::toUpperCase).toList());
    }
}
