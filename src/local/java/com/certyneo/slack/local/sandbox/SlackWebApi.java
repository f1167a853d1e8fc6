package com.certyneo.slack.local.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.certyneo.slack.local.sandbox.SandboxChannels.Channel;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The Slack Web API methods the service calls, under {@code /sandbox/slack/api/{method}}, with Slack's rules:
 * errors are HTTP 200 with {@code ok:false}; one message per second per channel, else HTTP 429 with
 * Retry-After; the bot posts only where it is a member ({@code not_in_channel}); cursors paginate
 * conversations.list. Arguments are read from the query, a form or a JSON body, as Slack accepts them.
 */
final class SlackWebApi {

    private final SlackWorkspace workspace;
    private final String clientId;
    private final String clientSecret;

    SlackWebApi(SlackWorkspace workspace, String clientId, String clientSecret) {
        this.workspace = workspace;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    void handle(RoutingContext rc) {
        String method = rc.pathParam("method");
        JsonObject args = arguments(rc);
        if ("oauth.v2.access".equals(method)) {
            reply(rc, oauthAccess(rc.request().getHeader("Authorization"), args));
            return;
        }
        String token = bearer(rc.request().getHeader("Authorization"));
        String problem = workspace.tokenProblem(token);
        if (problem != null) {
            reply(rc, error(problem));
            return;
        }
        JsonObject answer = switch (method) {
            case "auth.test" -> ok().put("url", "https://acme-sandbox.slack.com/").put("team", workspace.name())
                    .put("user", "certyneo").put("team_id", SlackWorkspace.TEAM_ID)
                    .put("user_id", SlackWorkspace.BOT_USER_ID).put("bot_id", SlackWorkspace.BOT_ID);
            case "auth.revoke" -> {
                workspace.revoke(token);
                yield ok().put("revoked", true);
            }
            case "conversations.list" -> list(args);
            case "conversations.info" -> workspace.channel(args.getString("channel"))
                    .map(c -> ok().put("channel", describe(c))).orElse(error("channel_not_found"));
            case "chat.postMessage", "chat.update" -> {
                Optional<Channel> channel = workspace.channel(args.getString("channel"));
                if (channel.isPresent() && !workspace.takeSlot(channel.get().id)) {
                    rc.response().setStatusCode(429).putHeader("Retry-After", "1");
                    yield error("ratelimited");
                }
                yield "chat.update".equals(method) ? update(channel, args) : post(channel, args);
            }
            default -> error("unknown_method");
        };
        reply(rc, answer);
    }

    private JsonObject oauthAccess(String authorization, JsonObject args) {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(authorization)) {
            return error("invalid_client");
        }
        Optional<String> redirect = workspace.redeem(args.getString("code"));
        if (redirect.isEmpty()) {
            return error("invalid_code");
        }
        if (!redirect.get().equals(args.getString("redirect_uri"))) {
            return error("bad_redirect_uri");
        }
        return ok().put("access_token", workspace.newBotToken()).put("token_type", "bot")
                .put("scope", SlackWorkspace.SCOPES).put("bot_user_id", SlackWorkspace.BOT_USER_ID)
                .put("app_id", SlackWorkspace.APP_ID)
                .put("team", new JsonObject().put("id", SlackWorkspace.TEAM_ID).put("name", workspace.name()))
                .putNull("enterprise").put("is_enterprise_install", false)
                .put("authed_user", new JsonObject().put("id", SlackWorkspace.ADMIN_USER_ID));
    }

    private JsonObject list(JsonObject args) {
        boolean excludeArchived = Boolean.parseBoolean(args.getString("exclude_archived", "false"));
        List<Channel> all = workspace.channels().stream().filter(c -> !(excludeArchived && c.archived)).toList();
        int limit = Math.max(1, Math.min(1000, parseInt(args.getString("limit"), 100)));
        int from = 0;
        String cursor = args.getString("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            try {
                String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
                from = Integer.parseInt(decoded.substring("offset:".length()));
            } catch (RuntimeException e) {
                return error("invalid_cursor");
            }
        }
        JsonArray page = new JsonArray();
        all.stream().skip(from).limit(limit).forEach(c -> page.add(describe(c)));
        int next = from + limit;
        String nextCursor = next < all.size()
                ? Base64.getEncoder().encodeToString(("offset:" + next).getBytes(StandardCharsets.UTF_8))
                : "";
        return ok().put("channels", page).put("response_metadata", new JsonObject().put("next_cursor", nextCursor));
    }

    private JsonObject post(Optional<Channel> found, JsonObject args) {
        String problem = writeProblem(found, args);
        if (problem != null) {
            return error(problem);
        }
        String threadTs = args.getString("thread_ts");
        if (threadTs != null && workspace.message(found.get().id, threadTs).isEmpty()) {
            return error("thread_not_found");
        }
        JsonObject message = content(args).put("type", "message").put("user", SlackWorkspace.BOT_USER_ID)
                .put("bot_id", SlackWorkspace.BOT_ID);
        if (threadTs != null) {
            message.put("thread_ts", threadTs).put("reply_broadcast",
                    Boolean.parseBoolean(String.valueOf(args.getValue("reply_broadcast", "false"))));
        }
        JsonObject stored = workspace.add(found.get().id, message);
        return ok().put("channel", found.get().id).put("ts", stored.getString("ts")).put("message", stored.copy());
    }

    private JsonObject update(Optional<Channel> found, JsonObject args) {
        if (found.isEmpty()) {
            return error("channel_not_found");
        }
        Optional<JsonObject> message = workspace.message(found.get().id, args.getString("ts", ""));
        if (message.isEmpty()) {
            return error("message_not_found");
        }
        if (!SlackWorkspace.BOT_ID.equals(message.get().getString("bot_id"))) {
            return error("cant_update_message");
        }
        JsonObject content = content(args);
        if (content.isEmpty()) {
            return error("no_text");
        }
        synchronized (workspace) {
            message.get().remove("text");
            message.get().remove("blocks");
            message.get().remove("attachments");
            message.get().mergeIn(content).put("edited", true);
        }
        return ok().put("channel", found.get().id).put("ts", message.get().getString("ts")).put("text",
                message.get().getString("text", ""));
    }

    private static String writeProblem(Optional<Channel> found, JsonObject args) {
        if (found.isEmpty()) {
            return "channel_not_found";
        }
        if (found.get().archived) {
            return "is_archived";
        }
        if (!found.get().member) {
            return "not_in_channel";
        }
        return content(args).isEmpty() ? "no_text" : null;
    }

    /** text, blocks and attachments as given (JSON values, or JSON strings in a form). */
    private static JsonObject content(JsonObject args) {
        JsonObject content = new JsonObject();
        if (args.getValue("text") != null && !args.getValue("text").toString().isEmpty()) {
            content.put("text", args.getValue("text").toString());
        }
        for (String field : List.of("blocks", "attachments")) {
            Object value = args.getValue(field);
            if (value instanceof String s && !s.isBlank()) {
                value = new JsonArray(s);
            }
            if (value instanceof JsonArray array && !array.isEmpty()) {
                content.put(field, array);
            }
        }
        return content;
    }

    private static JsonObject describe(Channel c) {
        return new JsonObject().put("id", c.id).put("name", c.name).put("is_channel", true).put("is_private", false)
                .put("is_archived", c.archived).put("is_member", c.member).put("num_members", c.member ? 12 : 9);
    }

    private static JsonObject arguments(RoutingContext rc) {
        JsonObject args = new JsonObject();
        rc.queryParams().forEach(e -> args.put(e.getKey(), e.getValue()));
        String type = rc.request().getHeader("Content-Type");
        if (rc.body() != null && rc.body().length() > 0) {
            if (type != null && type.startsWith("application/json")) {
                args.mergeIn(rc.body().asJsonObject());
            } else {
                MultiMap form = rc.request().formAttributes();
                for (Map.Entry<String, String> e : form) {
                    args.put(e.getKey(), e.getValue());
                }
            }
        }
        return args;
    }

    private static String bearer(String header) {
        return header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
    }

    private static int parseInt(String text, int fallback) {
        try {
            return text == null ? fallback : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static JsonObject ok() {
        return new JsonObject().put("ok", true);
    }

    static JsonObject error(String code) {
        return new JsonObject().put("ok", false).put("error", code);
    }

    private static void reply(RoutingContext rc, JsonObject answer) {
        rc.response().putHeader("Content-Type", "application/json; charset=utf-8").end(answer.encode());
    }
}
