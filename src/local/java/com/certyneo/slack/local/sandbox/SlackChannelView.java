package com.certyneo.slack.local.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.certyneo.slack.local.sandbox.SandboxChannels.Channel;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The stand-in's own screen: the workspace's channels and each channel's messages (the page under
 * {@code sandbox/slack.html} renders them as Slack would), and what a Slack user does there: invite the bot,
 * uninstall the app, click a button. Button clicks carry a sandbox {@code response_url}; what the service sends
 * there appears in the channel (in the thread, or as a reply only the clicker sees), as Slack shows it.
 */
final class SlackChannelView {

    /** Slack lets a response_url be used five times. */
    private static final int RESPONSE_URL_USES = 5;

    private final SlackWorkspace workspace;
    private final SlackCallbacks callbacks;
    private final String baseUrl;
    private final Map<String, ResponseUrl> responseUrls = new LinkedHashMap<>();

    private record ResponseUrl(String channelId, String threadTs, int uses) {
    }

    SlackChannelView(SlackWorkspace workspace, SlackCallbacks callbacks, String baseUrl) {
        this.workspace = workspace;
        this.callbacks = callbacks;
        this.baseUrl = baseUrl;
    }

    /** GET /sandbox/slack/state: the sidebar (named channels, the bot's, and any with messages). */
    void state(RoutingContext rc) {
        List<Channel> all = workspace.channels();
        JsonArray shown = new JsonArray();
        for (Channel c : all) {
            int count = workspace.count(c.id);
            if (!c.id.matches("C0SBX\\d+") || c.member || count > 0) {
                shown.add(new JsonObject().put("id", c.id).put("name", c.name).put("is_member", c.member)
                        .put("is_archived", c.archived).put("count", count));
            }
        }
        json(rc, 200, new JsonObject().put("workspace", workspace.name()).put("team_id", SlackWorkspace.TEAM_ID)
                .put("installed", workspace.installed()).put("channels", shown).put("total_channels", all.size()));
    }

    /** GET /sandbox/slack/channels/{id}: the channel and its messages, oldest first. */
    void channel(RoutingContext rc) {
        Optional<Channel> channel = workspace.channel(rc.pathParam("id"));
        if (channel.isEmpty()) {
            json(rc, 404, new JsonObject().put("error", "channel_not_found"));
            return;
        }
        Channel c = channel.get();
        json(rc, 200, new JsonObject().put("id", c.id).put("name", c.name).put("is_member", c.member)
                .put("is_archived", c.archived).put("messages", new JsonArray(List.copyOf(workspace.messages(c.id)))));
    }

    /** POST /sandbox/slack/channels/{id}/invite: /invite @Certyneo, then Slack's member_joined_channel event. */
    void invite(RoutingContext rc) {
        Optional<Channel> channel = workspace.channel(rc.pathParam("id"));
        if (channel.isEmpty()) {
            json(rc, 404, new JsonObject().put("error", "channel_not_found"));
            return;
        }
        callbacks.memberJoined(channel.get().id).onComplete(
                done -> answer(rc, done.succeeded() ? done.result() : -1, "member_joined_channel", null));
    }

    /** POST /sandbox/slack/uninstall: the admin removes the app; app_uninstalled goes to the service. */
    void uninstall(RoutingContext rc) {
        callbacks.appUninstalled().onComplete(
                done -> answer(rc, done.succeeded() ? done.result() : -1, "app_uninstalled", null));
    }

    /** POST /sandbox/slack/click {channel, ts, action_id, value}: a button press, as block_actions. */
    void click(RoutingContext rc) {
        JsonObject click = rc.body().asJsonObject();
        String channelId = click == null ? null : click.getString("channel");
        Optional<JsonObject> message = channelId == null
                ? Optional.empty()
                : workspace.message(channelId, click.getString("ts", ""));
        if (message.isEmpty()) {
            json(rc, 404, new JsonObject().put("error", "message_not_found"));
            return;
        }
        String id = workspace.hex(8);
        synchronized (responseUrls) {
            responseUrls.put(id, new ResponseUrl(channelId, message.get().getString("thread_ts"), 0));
        }
        String responseUrl = baseUrl + "/sandbox/slack/response/" + id;
        callbacks.click(channelId, message.get(), click, responseUrl).onComplete(
                done -> answer(rc, done.succeeded() ? done.result() : -1, "block_actions", responseUrl));
    }

    /** POST /sandbox/slack/response/{id}: the service answers a click, as it would at hooks.slack.com. */
    void response(RoutingContext rc) {
        String id = rc.pathParam("id");
        ResponseUrl url;
        synchronized (responseUrls) {
            url = responseUrls.get(id);
            if (url != null && url.uses() < RESPONSE_URL_USES) {
                responseUrls.put(id, new ResponseUrl(url.channelId(), url.threadTs(), url.uses() + 1));
            } else {
                url = null;
            }
        }
        JsonObject reply;
        try {
            reply = rc.body().asJsonObject();
        } catch (RuntimeException e) {
            reply = null;
        }
        if (url == null) {
            rc.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("used_url");
            return;
        }
        if (reply == null || reply.getString("text", "").isEmpty() && reply.getJsonArray("blocks") == null) {
            rc.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end("no_text");
            return;
        }
        JsonObject message = new JsonObject().put("type", "message").put("user", SlackWorkspace.BOT_USER_ID)
                .put("bot_id", SlackWorkspace.BOT_ID).put("text", reply.getString("text", ""))
                .put("via", "response_url");
        if (reply.getJsonArray("blocks") != null) {
            message.put("blocks", reply.getJsonArray("blocks"));
        }
        if ("in_channel".equals(reply.getString("response_type"))) {
            if (reply.getString("thread_ts") != null) {
                message.put("thread_ts", reply.getString("thread_ts"));
            }
        } else {
            // ephemeral: shown to the clicker only, where they clicked (the channel, or the thread)
            message.put("ephemeral", true);
            if (url.threadTs() != null) {
                message.put("thread_ts", url.threadTs());
            }
        }
        workspace.add(url.channelId(), message);
        rc.response().setStatusCode(200).putHeader("Content-Type", "application/json").end("{\"ok\":true}");
    }

    private static void answer(RoutingContext rc, int status, String sent, String responseUrl) {
        JsonObject answer = new JsonObject().put("sent", sent).put("service_status", status);
        if (responseUrl != null) {
            answer.put("response_url", responseUrl);
        }
        json(rc, status >= 200 && status < 300 ? 200 : 502, answer);
    }

    static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}
