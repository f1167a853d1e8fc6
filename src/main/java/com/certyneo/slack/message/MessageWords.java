package com.certyneo.slack.message;

import static com.certyneo.slack.message.Language.FR;

import java.util.function.UnaryOperator;

/**
 * The words of the five event messages and of the test message, in each {@link Language} (SPEC section 3). Values
 * arrive escaped and cut; each line is a {@link Line} so that it can be built with values in bold (the section) and
 * plain (the fallback). Sentences never put a name after « de », whose elision (« d'Alice ») would depend on the
 * name.
 */
final class MessageWords {

    private MessageWords() {
    }

    /** A message line, given how to mark a value bold. */
    @FunctionalInterface
    interface Line {
        String with(UnaryOperator<String> bold);
    }

    static String untitled(Language l) {
        return l == FR ? "sans titre" : "Untitled document";
    }

    /** A signer without a name, inside a sentence or a list. */
    static String aSigner(Language l) {
        return l == FR ? "un signataire" : "a signer";
    }

    /** A signer without a name, starting a sentence. */
    static String aSignerFirst(Language l) {
        return l == FR ? "Un signataire" : "A signer";
    }

    static String proofButton(Language l) {
        return l == FR ? "Télécharger la preuve eIDAS (PDF)" : "Download the eIDAS proof PDF";
    }

    static String openButton(Language l) {
        return l == FR ? "Ouvrir l'enveloppe" : "Open envelope";
    }

    static String resendButton(Language l) {
        return l == FR ? "Renvoyer" : "Re-send";
    }

    static Line completed(Language l, String title) {
        return l == FR
                ? b -> "✅ Document " + b.apply(title) + " signé par tous les signataires."
                : b -> "✅ Document " + b.apply(title) + " signed by every signer.";
    }

    /** {@code reason} null: none given. */
    static Line declined(Language l, String title, String who, String reason) {
        if (l == FR) {
            return b -> "❌ Document " + b.apply(title) + " refusé par " + b.apply(who) + "."
                    + (reason == null ? " Aucun motif indiqué." : " Motif" + l.colon() + " " + b.apply(reason));
        }
        return b -> "❌ Document " + b.apply(title) + " declined by " + b.apply(who) + "."
                + (reason == null ? " No reason given." : " Reason" + l.colon() + " " + b.apply(reason));
    }

    /** {@code missing}: how many signers did not sign; {@code list}: their names, shown when {@code missing > 0}. */
    static Line expired(Language l, String title, int missing, String list) {
        if (l == FR) {
            String label = l.plural(missing, "Signature manquante", "Signatures manquantes");
            return b -> "⏰ Document " + b.apply(title) + " expiré sans avoir été signé par tous."
                    + (missing == 0 ? "" : " " + label + l.colon() + " " + b.apply(list));
        }
        String label = "Missing " + l.plural(missing, "signer", "signers");
        return b -> "⏰ Document " + b.apply(title) + " expired without full signature."
                + (missing == 0 ? "" : " " + label + l.colon() + " " + b.apply(list));
    }

    /** {@code list} empty: the signers are not known. */
    static Line sent(Language l, String title, String list) {
        if (l == FR) {
            return b -> "📤 Document " + b.apply(title) + " envoyé pour signature à "
                    + (list.isEmpty() ? "ses signataires" : b.apply(list));
        }
        return b -> "📤 Document " + b.apply(title) + " sent to " + (list.isEmpty() ? "its signers" : b.apply(list));
    }

    /**
     * {@code total} 0: the signers are not known, the count is left out. English keeps the SPEC's "k/N" with the noun
     * agreeing with N ("1/1 signature collected"); French says « k signature(s) sur N », agreeing with k.
     */
    static Line signed(Language l, String who, String title, long signed, int total) {
        String count;
        if (total == 0) {
            count = "";
        } else if (l == FR) {
            count = " (" + l.count(signed, "signature", "signatures") + " sur " + total + ")";
        } else {
            count = " (" + signed + "/" + total + " " + l.plural(total, "signature", "signatures") + " collected)";
        }
        return l == FR
                ? b -> "✍️ " + b.apply(who) + " vient de signer le document " + b.apply(title) + count
                : b -> "✍️ " + b.apply(who) + " just signed document " + b.apply(title) + count;
    }

    static Line test(Language l, String account) {
        return l == FR
                ? b -> "🧪 Ceci est un message de test envoyé par Certyneo pour le compte Certyneo " + b.apply(account)
                        + ". Les événements de vos enveloppes seront publiés dans ce canal."
                : b -> "🧪 This is a test message from Certyneo for the Certyneo account " + b.apply(account)
                        + ". Envelope events will be posted in this channel.";
    }
}
