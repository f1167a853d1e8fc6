package com.certyneo.slack.message;

import java.util.List;

/**
 * Slack mrkdwn escaping and truncation to Slack's Block Kit limits (SPEC section 3). Pure functions.
 * <p>
 * Slack only needs {@code &}, {@code <} and {@code >} escaped: with them escaped, {@code <!channel>},
 * {@code <@U123>} or {@code <http://evil|click>} coming from Certyneo data is shown as text and never
 * becomes a mention or a link.
 */
public final class SlackText {

    /** Slack's limits (Block Kit reference). */
    public static final int SECTION_TEXT_MAX = 3000;
    public static final int BUTTON_TEXT_MAX = 75;
    public static final int BLOCKS_MAX = 50;

    static final String ELLIPSIS = "…";

    private SlackText() {
    }

    /** Escapes the three characters Slack gives a meaning to in mrkdwn (and in the top-level text). */
    private static String escape(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length() + 16);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Cuts {@code text} to at most {@code max} UTF-16 chars (Slack counts characters), ending with "…" when
     * cut. Never splits a surrogate pair nor an escape entity such as {@code &amp;}, so the result is still
     * valid escaped mrkdwn.
     */
    public static String truncate(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max - ELLIPSIS.length());
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        String cut = text.substring(0, end);
        int amp = cut.lastIndexOf('&');
        if (amp >= 0 && cut.indexOf(';', amp) < 0
                && (text.startsWith("&amp;", amp) || text.startsWith("&lt;", amp) || text.startsWith("&gt;", amp))) {
            // we were in the middle of "&amp;", "&lt;" or "&gt;": drop the partial entity
            cut = cut.substring(0, amp);
        }
        return cut + ELLIPSIS;
    }

    /** Certyneo value escaped for mrkdwn after being cut to {@code max} characters of raw text. */
    public static String value(String raw, int max) {
        return escape(truncate(raw == null ? "" : raw.strip(), max));
    }

    /**
     * "A, B and C" / « A, B et C » — at most {@code shown} names, then "and N more" / « et N autres »
     * ({@link Language#join}, {@link Language#andMore}). Names are escaped and cut to {@code nameMax} each.
     */
    public static String nameList(List<String> names, int shown, int nameMax, Language language) {
        int visible = Math.min(shown, names.size());
        int rest = names.size() - visible;
        List<String> escaped = names.subList(0, visible).stream().map(n -> value(n, nameMax)).toList();
        if (rest == 0) {
            return language.join(escaped);
        }
        return String.join(", ", escaped) + " " + language.andMore(rest);
    }

    /** English only: callers pass the installation's language to the four-argument form. */
    @Deprecated
    public static String nameList(List<String> names, int shown, int nameMax) {
        return nameList(names, shown, nameMax, Language.EN);
    }
}
