package com.certyneo.slack.installation;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.event.EventType;
import com.certyneo.slack.slackapi.SlackChannel;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code PUT …/slack/routes} (SPEC section 4): every channel is checked at Slack exactly as {@code PUT …/channel}
 * checks one, then the whole set replaces the stored one, so a refused channel changes nothing.
 */
@ApplicationScoped
public class SlackRoutes {

    /** One stored route as the status shows it ({@code id}, {@code name}), with the bot's membership and hint. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RouteChoice(String id, String name, @JsonProperty("is_member") boolean isMember, String action) {
    }

    /** The answer: the stored routes by event type. */
    @RegisterForReflection
    public record RoutesChoice(Map<String, RouteChoice> routes) {
    }

    private final InstallationRepository installations;
    private final InstallationRoutes routes;
    private final SlackWorkspace workspace;

    SlackRoutes(InstallationRepository installations, InstallationRoutes routes, SlackWorkspace workspace) {
        this.installations = installations;
        this.routes = routes;
        this.workspace = workspace;
    }

    /**
     * Checks each channel of {@code wanted} (event type → channel id) once, in the event types' order, the first
     * refusal naming its field {@code routes.<event type>}; then stores the set. An empty map clears the routes.
     */
    public Uni<RoutesChoice> replace(String accountId, Map<EventType, String> wanted) {
        return installations.requireConnected(accountId).flatMap(installation -> {
            Uni<Map<String, SlackChannel>> checked = Uni.createFrom().item(new HashMap<>());
            for (Map.Entry<EventType, String> route : new EnumMap<>(wanted).entrySet()) {
                String channelId = route.getValue();
                checked = checked.flatMap(known -> known.containsKey(channelId)
                        ? Uni.createFrom().item(known)
                        : workspace.checkChannel(installation, channelId, "routes." + route.getKey().wire())
                                .map(channel -> {
                                    known.put(channelId, channel);
                                    return known;
                                }));
            }
            return checked.flatMap(channels -> {
                Map<EventType, SlackChannel> set = new EnumMap<>(EventType.class);
                wanted.forEach((type, channelId) -> set.put(type, channels.get(channelId)));
                return routes.replace(accountId, set).map(stored -> answer(stored, channels));
            });
        });
    }

    private RoutesChoice answer(Map<String, InstallationStatus.Channel> stored, Map<String, SlackChannel> checked) {
        Map<String, SlackChannel> byId = new HashMap<>();
        checked.values().forEach(channel -> byId.put(channel.id(), channel));
        Map<String, RouteChoice> answer = new LinkedHashMap<>();
        stored.forEach((type, channel) -> {
            SlackChannel seen = byId.get(channel.id());
            answer.put(type,
                    new RouteChoice(channel.id(), channel.name(), seen.isMember(), workspace.inviteHint(seen)));
        });
        return new RoutesChoice(answer);
    }
}
