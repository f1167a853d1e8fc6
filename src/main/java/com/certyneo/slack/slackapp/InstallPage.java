package com.certyneo.slack.slackapp;

/** Browser pages of the OAuth flow. Static text only: nothing from the request is echoed. */
final class InstallPage {

    static final String FROM_SLACK = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Connect Slack from Certyneo</title></head>
            <body style="font-family: sans-serif; max-width: 40em; margin: 3em auto;">
            <h1>Connect Slack from Certyneo</h1>
            <p>This app is connected to a Certyneo account from Certyneo itself. Please open
            <strong>Certyneo → Settings → Integrations</strong> and choose <strong>Connect Slack</strong>.</p>
            <p>Nothing was installed.</p>
            </body></html>
            """;

    private InstallPage() {
    }
}
