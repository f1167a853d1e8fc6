package com.certyneo.slack.message;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The language of every text the service writes into Slack for an installation (SPEC section 3), by wire name,
 * with the few grammar rules every renderer needs: plural forms, list joining, "and N more".
 * <p>
 * Conventions shared by all texts: the words around the data are translated, the data (titles, names) is not.
 * French follows French typography: a non-breaking space (U+00A0) before « : » ({@link #colon()}) and inside
 * « guillemets », so that the mark never starts a line on a narrow screen; the straight apostrophe (as typed on a keyboard, so that a search
 * in Slack finds « l'enveloppe »); no serial comma in either language ("A, B and C", « A, B et C »).
 */
public enum Language {

    EN("en"), FR("fr");

    private final String wire;

    Language(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Language> fromWire(String name) {
        return Arrays.stream(values()).filter(l -> l.wire.equals(name)).findFirst();
    }

    /**
     * The form of a noun (or phrase) that goes with the count {@code n}: {@code one} or {@code many}. English takes
     * the singular for 1 only ("0 signatures", "1 signature"); French for 0 and 1 (« 0 signature », « 1 signature
     * », « 2 signatures »). Returns the form alone, without the number.
     */
    public String plural(long n, String one, String many) {
        boolean singular = this == FR ? n == 0 || n == 1 : n == 1;
        return singular ? one : many;
    }

    /** {@code n} followed by the right form of the noun: "1 signature", « 0 signature », "3 documents". */
    public String count(long n, String one, String many) {
        return n + " " + plural(n, one, many);
    }

    /**
     * Items joined as a sentence: "A", "A and B", "A, B and C" / « A, B et C ». Items are used as given (escape
     * and cut them first). Empty list → "".
     */
    public String join(List<String> items) {
        int size = items.size();
        if (size == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder(items.get(0));
        for (int i = 1; i < size; i++) {
            out.append(i == size - 1 ? " " + and() + " " : ", ").append(items.get(i));
        }
        return out.toString();
    }

    /**
     * What ends a list cut after its first items, with the number of items left out: "and 15 more" / « et 15
     * autres » (« et 1 autre »). Appended by the caller after the shown items and a space.
     */
    public String andMore(long n) {
        return this == FR ? "et " + count(n, "autre", "autres") : "and " + n + " more";
    }

    /** The colon introducing a value, with the space before it that the language wants: ":" or " :" (U+00A0). */
    public String colon() {
        return this == FR ? "\u00A0:" : ":";
    }

    private String and() {
        return this == FR ? "et" : "and";
    }
}
