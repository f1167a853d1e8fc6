package com.certyneo.slack.intake;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.certyneo.slack.delivery.WebhookStore;
import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EventType;
import com.certyneo.slack.platform.BoundedBody;
import com.certyneo.slack.platform.Problem;
import com.certyneo.slack.platform.ProblemException;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The intake pipeline of SPEC section 2: content type → bounded raw body → signature → strict
 * validation → decide and store. Every refusal is a {@link ProblemException}; nothing here blocks
 * the event loop. Created at start-up so that a malformed secret stops the service early.
 */
@Startup
@ApplicationScoped
public class WebhookIntake {

    private static final Logger LOG = Logger.getLogger(WebhookIntake.class);

    private final WebhookConfig config;
    private final WebhookStore store;
    private final WebhookMetrics metrics;
    private final WebhookPayloadParser parser = new WebhookPayloadParser();
    private final WebhookSignatureVerifier verifier;

    public WebhookIntake(WebhookConfig config, WebhookStore store, WebhookMetrics metrics) {
        this.config = config;
        this.store = store;
        this.metrics = metrics;
        List<String> secrets = config.secrets().orElse(List.of());
        // No secret at all is reported by RequiredConfigCheck (naming the variable); until then refuse all.
        this.verifier = secrets.isEmpty()
                ? null
                : new WebhookSignatureVerifier(secrets, config.tolerance(), Clock.systemUTC());
    }

    public Uni<WebhookAnswer> receive(HttpServerRequest request) {
        EventType[] type = {null};
        return Uni.createFrom().deferred(() -> {
            checkContentType(request);
            return BoundedBody.read(request, config.maxBodySize().asLongValue());
        }).map(body -> {
            verify(request, body);
            Optional<ValidatedEvent> event = parser.parse(body);
            event.ifPresent(e -> type[0] = e.event().type());
            return event;
        }).flatMap(event -> event.isPresent()
                ? store(event.get(), request.getHeader("webhook-id"))
                : Uni.createFrom().item(WebhookAnswer.ignored("unknown_event_type")))
                .onItemOrFailure().invoke((answer, failure) -> metrics.count(type[0], answer != null
                        ? answer.status()
                        : failure instanceof ProblemException p
                                ? WebhookMetrics.outcomeOf(p.problem().status())
                                : "error"));
    }

    private Uni<WebhookAnswer> store(ValidatedEvent validated, String webhookId) {
        EnvelopeEvent event = validated.event();
        return store.store(new WebhookStore.NewEvent(event.id(), event.accountId(), event.type().wire(), webhookId,
                event.createdAt(), event.envelopeId(), validated.json()), config.storeTimeout())
                .map(stored -> WebhookAnswer.of(event.id(), stored)).invoke(answer -> warn(validated, answer));
    }

    /** Counted once per accepted event (not per retry), logged by field name only: values are personal data. */
    private void warn(ValidatedEvent validated, WebhookAnswer answer) {
        EnvelopeEvent event = validated.event();
        if (event.warnings().isEmpty() || !WebhookAnswer.ACCEPTED.equals(answer.status())) {
            return;
        }
        event.warnings().forEach(metrics::warned);
        LOG.warnf("Event %s (%s) accepted; its message degrades, these fields were missing or unusable: %s",
                printable(event.id()), event.type().wire(), event.warnings());
    }

    /** The event id as sent, with control characters masked so that it cannot forge log lines. */
    private static String printable(String text) {
        return text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private void verify(HttpServerRequest request, byte[] body) {
        WebhookSignatureVerifier.Result result = verifier == null
                ? WebhookSignatureVerifier.Result.NO_MATCHING_SIGNATURE
                : verifier.verify(request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                        request.getHeader("webhook-signature"), body);
        switch (result) {
            case VALID -> {
            }
            case MISSING_HEADERS -> throw ProblemException.unauthorized(
                    "The webhook-id, webhook-timestamp and webhook-signature headers are required.");
            case INVALID_TIMESTAMP -> throw ProblemException.unauthorized("webhook-timestamp must be Unix seconds.");
            case TIMESTAMP_OUT_OF_WINDOW -> throw ProblemException.unauthorized(
                    "webhook-timestamp is more than " + config.tolerance().toSeconds() + " seconds away from now.");
            case NO_MATCHING_SIGNATURE -> throw ProblemException.unauthorized("No webhook signature matches.");
        }
    }

    private static void checkContentType(HttpServerRequest request) {
        String header = request.getHeader("Content-Type");
        String[] parts = header == null ? new String[]{""} : header.split(";");
        boolean json = "application/json".equals(parts[0].trim().toLowerCase(Locale.ROOT));
        for (int i = 1; i < parts.length && json; i++) {
            String[] param = parts[i].trim().split("=", 2);
            if ("charset".equalsIgnoreCase(param[0].trim())) {
                String charset = param.length > 1 ? param[1].trim().replace("\"", "") : "";
                json = "utf-8".equalsIgnoreCase(charset);
            }
        }
        if (!json) {
            BoundedBody.discard(request);
            throw new ProblemException(Problem.of(415, "Unsupported media type",
                    "Send the body as application/json (UTF-8)."));
        }
    }
}
