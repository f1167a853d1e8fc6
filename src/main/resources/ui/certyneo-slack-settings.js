/*
 * <certyneo-slack-settings> — the Slack integration's settings screen, as a web component (one ES module, no
 * dependency). Served by the service at /ui/certyneo-slack-settings.js.
 *
 *   <script type="module" src="https://slack.certyneo.example/ui/certyneo-slack-settings.js"></script>
 *   <certyneo-slack-settings account="acc_123" api-base="/api/v1"
 *       return-url="https://app.certyneo.com/settings/integrations/slack" locale="fr"></certyneo-slack-settings>
 *   <script>
 *     document.querySelector('certyneo-slack-settings').tokenProvider = () => myBackend.adminToken();
 *   </script>
 *
 * Attributes
 *   account     the Certyneo account id (required)
 *   api-base    where the admin API is reached, e.g. "/api/v1" on the dashboard's own backend (default "/api/v1")
 *   return-url  where Slack's install flow comes back to (default: this page's URL); must be an allowed prefix
 *   locale      language of this screen, "en" or "fr" (default: the page's lang, else "en"). The installation's
 *               own locale setting, shown in the screen, is the language of the messages posted in Slack only.
 *   bot-name    the Slack app's display name used in instructions (default "Certyneo")
 * Property
 *   tokenProvider  a function returning a Promise of the admin API bearer token; called before every API call,
 *                  never stored by the component.
 * Event
 *   certyneo-slack-install  (cancelable, detail {installUrl}) before the page goes to Slack's install page; call
 *                           preventDefault() to open it yourself (e.g. in a popup).
 *
 * Theming: set these CSS custom properties on the element or any ancestor.
 *   --certyneo-slack-font           font-family (default: inherited)
 *   --certyneo-slack-font-size      base size (default 1rem)
 *   --certyneo-slack-text           text colour (#1d1c1d)
 *   --certyneo-slack-muted          secondary text (#595959)
 *   --certyneo-slack-background     background (#ffffff)
 *   --certyneo-slack-surface        panels, list hover (#f6f6f7)
 *   --certyneo-slack-border         borders (#8d8d93)
 *   --certyneo-slack-accent         primary buttons, selection (#4a154b)
 *   --certyneo-slack-accent-text    text on the accent (#ffffff)
 *   --certyneo-slack-danger         disconnect, errors (#b3261e)
 *   --certyneo-slack-ok             healthy, sent (#1a7f37)
 *   --certyneo-slack-warning        needs attention, held (#8a4b00)
 *   --certyneo-slack-focus          focus ring (#1264a3)
 *   --certyneo-slack-radius         corner radius (6px)
 *   --certyneo-slack-gap            spacing unit (1rem)
 */

const EVENTS = ['envelope.completed', 'envelope.declined', 'envelope.expired', 'envelope.sent', 'recipient.signed'];
const SHOWN_OPTIONS = 50;
const DELIVERY_PAGE = 20;

const STRINGS = {
  en: {
    title: 'Slack',
    connection: 'Connection',
    notConnected: 'Slack is not connected. Connect a workspace to get a Slack message for every envelope event.',
    connectedTo: (team, date) => `Connected to the ${team} workspace` + (date ? ` since ${date}.` : '.'),
    health: 'Health: ',
    healthNames: { ok: 'Working', needs_attention: 'Needs attention', revoked: 'Disconnected by Slack' },
    working: (ch) => `Messages are posted in #${ch}.`,
    noChannel: 'Pick a channel below to start receiving messages.',
    invite: (bot, ch) => `Invite @${bot} to #${ch}: type /invite @${bot} in the channel.`,
    notMember: (bot, ch) => `Messages cannot be posted because @${bot} is not a member of #${ch}.`,
    channelGone: (ch) => `#${ch} no longer exists or the app cannot see it any more. Pick another channel.`,
    archived: (ch) => `#${ch} is archived. Unarchive it in Slack or pick another channel.`,
    missingScope: 'The Slack app lacks a permission it needs. Reconnect Slack to grant it.',
    otherProblem: (code) => `Slack refuses the messages (${code}). Send a test message to check, or pick another channel.`,
    revoked: 'Slack no longer accepts this connection (the app was removed or its access revoked). Reconnect Slack to start again.',
    connect: 'Connect Slack',
    reconnect: 'Reconnect Slack',
    opening: 'Opening Slack…',
    channel: 'Channel',
    channelLabel: 'Slack channel for messages',
    search: 'Type to search channels',
    loadingChannels: (n) => n === 0 ? 'Loading channels…' : `Loading channels… (${n} so far)`,
    matches: (n) => n === 1 ? '1 channel matches.' : `${n} channels match.`,
    noMatch: (q) => `No channel matches “${q}”.`,
    firstOnly: (n) => `Showing the first ${n}; type more to narrow down.`,
    notInvited: 'bot not invited',
    channelSaved: (ch) => `Saved: messages go to #${ch}.`,
    events: 'Events',
    eventsLegend: 'Events that post a Slack message',
    eventNames: {
      'envelope.completed': 'Signed by every signer',
      'envelope.declined': 'Declined',
      'envelope.expired': 'Expired',
      'envelope.sent': 'Sent for signature',
      'recipient.signed': 'One signer signed',
    },
    saving: 'Saving…',
    saved: 'Saved',
    routes: 'Channel per event',
    routesHint: (ch) => `Optional. Events without a channel of their own go to ${ch ? '#' + ch : 'the main channel'}.`,
    routeLabel: (ev) => `Channel for “${ev}”`,
    sameChannel: 'Same as the main channel',
    clearRoute: (ev) => `Use main channel for “${ev}”`,
    clear: 'Use main channel',
    options: 'Message options',
    layout: 'Message layout',
    layoutNames: {
      message_per_event: 'One message per event',
      thread_per_envelope: 'One thread per envelope: a card kept up to date, with the events in its thread',
    },
    messageLocale: 'Language of Slack messages',
    localeNote: 'This screen follows your dashboard’s language; this setting only changes the messages posted in Slack.',
    digest: 'Group bursts into one digest message',
    digestAfter: 'From how many waiting messages (3 to 100)',
    digestHint: 'When a channel has that many messages waiting, consecutive events of the same type are posted as one message. Not used with one thread per envelope.',
    digestRange: 'Enter a whole number from 3 to 100.',
    test: 'Test',
    sendTest: 'Send test message',
    sending: 'Sending…',
    testOk: (ch) => `Test message posted in #${ch}.`,
    testFailed: (words) => `The test message was not posted: ${words}`,
    deliveries: 'Recent deliveries',
    deliveriesCaption: 'Recent deliveries, newest first',
    noDeliveries: 'No delivery yet.',
    columns: { status: 'Status', event: 'Event', channel: 'Channel', received: 'Received', details: 'Details' },
    statusNames: { queued: 'Queued', held: 'Held', sent: 'Sent', failed: 'Failed', cancelled: 'Cancelled' },
    sentAt: (t) => `Sent ${t}.`,
    attempts: (n) => n === 1 ? '1 attempt.' : `${n} attempts.`,
    inThread: 'Posted in the envelope’s thread.',
    inDigest: (n) => `Part of a digest of ${n} events.`,
    heldWhy: 'Waiting until the bot is invited to the channel.',
    loadMore: 'Load more',
    refresh: 'Refresh',
    loading: 'Loading…',
    moreLoaded: (n) => n === 1 ? '1 more delivery loaded.' : `${n} more deliveries loaded.`,
    disconnect: 'Disconnect Slack…',
    disconnectTitle: 'Disconnect Slack?',
    disconnectBody: (team) => `Certyneo stops posting to ${team}, forgets its access to Slack and cancels the messages still waiting. You can connect again at any time.`,
    cancel: 'Cancel',
    confirmDisconnect: 'Disconnect',
    disconnected: 'Slack is disconnected.',
    loadFailed: (d) => `The Slack settings could not be loaded: ${d}`,
    saveFailed: (d) => `Not saved: ${d}`,
    unreachable: 'The service could not be reached. Check your connection and try again.',
    unauthorized: 'Your session has expired. Reload the page to sign in again.',
    forbidden: 'You are not allowed to manage the Slack integration of this account.',
    noToken: 'The page gave no way to sign in (tokenProvider is missing).',
    slack: {
      not_in_channel: (bot, ch) => `@${bot} is not a member of #${ch}: type /invite @${bot} in the channel.`,
      channel_not_found: 'the channel no longer exists or the app cannot see it. Pick another channel.',
      is_archived: 'the channel is archived. Pick another channel.',
      auth: 'Slack no longer accepts this connection. Reconnect Slack.',
      missing_scope: 'the app lacks a permission. Reconnect Slack.',
      ratelimited: 'Slack asked to slow down; it is tried again automatically.',
      format: (code) => `Slack refused the message’s format (${code}).`,
      unavailable: (code) => `Slack did not answer properly (${code}).`,
      other: (code) => `Slack answered “${code}”.`,
    },
  },
  fr: {
    title: 'Slack',
    connection: 'Connexion',
    notConnected: 'Slack n’est pas connecté. Connectez un espace de travail pour recevoir un message Slack à chaque événement d’enveloppe.',
    connectedTo: (team, date) => `Connecté à l’espace de travail ${team}` + (date ? ` depuis le ${date}.` : '.'),
    health: 'État : ',
    healthNames: { ok: 'Opérationnel', needs_attention: 'Action requise', revoked: 'Déconnecté par Slack' },
    working: (ch) => `Les messages sont publiés dans #${ch}.`,
    noChannel: 'Choisissez un canal ci-dessous pour commencer à recevoir les messages.',
    invite: (bot, ch) => `Invitez @${bot} dans #${ch} : tapez /invite @${bot} dans le canal.`,
    notMember: (bot, ch) => `Les messages ne peuvent pas être publiés car @${bot} n’est pas membre de #${ch}.`,
    channelGone: (ch) => `#${ch} n’existe plus ou l’application n’y a plus accès. Choisissez un autre canal.`,
    archived: (ch) => `#${ch} est archivé. Désarchivez-le dans Slack ou choisissez un autre canal.`,
    missingScope: 'Il manque une autorisation à l’application Slack. Reconnectez Slack pour l’accorder.',
    otherProblem: (code) => `Slack refuse les messages (${code}). Envoyez un message de test pour vérifier, ou choisissez un autre canal.`,
    revoked: 'Slack n’accepte plus cette connexion (l’application a été désinstallée ou son accès révoqué). Reconnectez Slack pour recommencer.',
    connect: 'Connecter Slack',
    reconnect: 'Reconnecter Slack',
    opening: 'Ouverture de Slack…',
    channel: 'Canal',
    channelLabel: 'Canal Slack des messages',
    search: 'Tapez pour rechercher un canal',
    loadingChannels: (n) => n === 0 ? 'Chargement des canaux…' : `Chargement des canaux… (${n} pour l’instant)`,
    matches: (n) => n <= 1 ? `${n} canal correspond.` : `${n} canaux correspondent.`,
    noMatch: (q) => `Aucun canal ne correspond à « ${q} ».`,
    firstOnly: (n) => `Affichage des ${n} premiers ; précisez votre recherche.`,
    notInvited: 'bot non invité',
    channelSaved: (ch) => `Enregistré : les messages seront publiés dans #${ch}.`,
    events: 'Événements',
    eventsLegend: 'Événements qui publient un message Slack',
    eventNames: {
      'envelope.completed': 'Signé par tous les signataires',
      'envelope.declined': 'Refusé',
      'envelope.expired': 'Expiré',
      'envelope.sent': 'Envoyé pour signature',
      'recipient.signed': 'Signature d’un signataire',
    },
    saving: 'Enregistrement…',
    saved: 'Enregistré',
    routes: 'Canal par événement',
    routesHint: (ch) => `Facultatif. Les événements sans canal dédié vont dans ${ch ? '#' + ch : 'le canal principal'}.`,
    routeLabel: (ev) => `Canal pour « ${ev} »`,
    sameChannel: 'Le canal principal',
    clearRoute: (ev) => `Canal principal pour « ${ev} »`,
    clear: 'Canal principal',
    options: 'Options des messages',
    layout: 'Présentation des messages',
    layoutNames: {
      message_per_event: 'Un message par événement',
      thread_per_envelope: 'Un fil par enveloppe : une fiche tenue à jour, avec les événements dans son fil',
    },
    messageLocale: 'Langue des messages Slack',
    localeNote: 'Cet écran suit la langue de votre tableau de bord ; ce réglage ne change que la langue des messages publiés dans Slack.',
    digest: 'Regrouper les rafales en un message récapitulatif',
    digestAfter: 'À partir de combien de messages en attente (de 3 à 100)',
    digestHint: 'Quand un canal a autant de messages en attente, les événements consécutifs du même type sont publiés en un seul message. Sans effet avec un fil par enveloppe.',
    digestRange: 'Saisissez un nombre entier de 3 à 100.',
    test: 'Test',
    sendTest: 'Envoyer un message de test',
    sending: 'Envoi…',
    testOk: (ch) => `Message de test publié dans #${ch}.`,
    testFailed: (words) => `Le message de test n’a pas été publié : ${words}`,
    deliveries: 'Derniers envois',
    deliveriesCaption: 'Derniers envois, du plus récent au plus ancien',
    noDeliveries: 'Aucun envoi pour l’instant.',
    columns: { status: 'Statut', event: 'Événement', channel: 'Canal', received: 'Reçu le', details: 'Détails' },
    statusNames: { queued: 'En attente', held: 'Retenu', sent: 'Envoyé', failed: 'Échec', cancelled: 'Annulé' },
    sentAt: (t) => `Envoyé le ${t}.`,
    attempts: (n) => n <= 1 ? `${n} tentative.` : `${n} tentatives.`,
    inThread: 'Publié dans le fil de l’enveloppe.',
    inDigest: (n) => `Regroupé dans un récapitulatif de ${n} événements.`,
    heldWhy: 'En attente de l’invitation du bot dans le canal.',
    loadMore: 'Afficher plus',
    refresh: 'Actualiser',
    loading: 'Chargement…',
    moreLoaded: (n) => n <= 1 ? `${n} envoi supplémentaire affiché.` : `${n} envois supplémentaires affichés.`,
    disconnect: 'Déconnecter Slack…',
    disconnectTitle: 'Déconnecter Slack ?',
    disconnectBody: (team) => `Certyneo cesse de publier dans ${team}, oublie son accès à Slack et annule les messages encore en attente. Vous pourrez vous reconnecter à tout moment.`,
    cancel: 'Annuler',
    confirmDisconnect: 'Déconnecter',
    disconnected: 'Slack est déconnecté.',
    loadFailed: (d) => `Impossible de charger les réglages Slack : ${d}`,
    saveFailed: (d) => `Non enregistré : ${d}`,
    unreachable: 'Le service est injoignable. Vérifiez votre connexion puis réessayez.',
    unauthorized: 'Votre session a expiré. Rechargez la page pour vous reconnecter.',
    forbidden: 'Vous n’avez pas le droit de gérer l’intégration Slack de ce compte.',
    noToken: 'La page ne fournit aucun moyen de s’authentifier (tokenProvider manquant).',
    slack: {
      not_in_channel: (bot, ch) => `@${bot} n’est pas membre de #${ch} : tapez /invite @${bot} dans le canal.`,
      channel_not_found: 'le canal n’existe plus ou l’application n’y a pas accès. Choisissez un autre canal.',
      is_archived: 'le canal est archivé. Choisissez un autre canal.',
      auth: 'Slack n’accepte plus cette connexion. Reconnectez Slack.',
      missing_scope: 'il manque une autorisation à l’application. Reconnectez Slack.',
      ratelimited: 'Slack a demandé de ralentir ; un nouvel essai est fait automatiquement.',
      format: (code) => `Slack a refusé le format du message (${code}).`,
      unavailable: (code) => `Slack n’a pas répondu correctement (${code}).`,
      other: (code) => `Réponse de Slack : « ${code} ».`,
    },
  },
};

const AUTH_ERRORS = ['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed', 'token_expired', 'app_uninstalled'];
const FORMAT_ERRORS = ['msg_too_long', 'invalid_blocks', 'invalid_blocks_format', 'no_text', 'invalid_attachments'];

const STYLE = `
:host { display: block; color: var(--certyneo-slack-text, #1d1c1d); background: var(--certyneo-slack-background, #fff);
  font-family: var(--certyneo-slack-font, inherit); font-size: var(--certyneo-slack-font-size, 1rem); line-height: 1.45; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.root { display: grid; gap: var(--certyneo-slack-gap, 1rem); }
h2 { font-size: 1.4em; margin: 0; }
h3 { font-size: 1.1em; margin: 0 0 .5em; }
section { border: 1px solid var(--certyneo-slack-border, #8d8d93); border-radius: var(--certyneo-slack-radius, 6px);
  padding: var(--certyneo-slack-gap, 1rem); }
p { margin: .25em 0 .5em; }
.muted, .hint { color: var(--certyneo-slack-muted, #595959); font-size: .9em; }
button { font: inherit; padding: .45em 1em; border-radius: var(--certyneo-slack-radius, 6px); cursor: pointer;
  border: 1px solid var(--certyneo-slack-accent, #4a154b); background: var(--certyneo-slack-background, #fff);
  color: var(--certyneo-slack-accent, #4a154b); }
button.primary { background: var(--certyneo-slack-accent, #4a154b); color: var(--certyneo-slack-accent-text, #fff); }
button.danger { border-color: var(--certyneo-slack-danger, #b3261e); color: var(--certyneo-slack-danger, #b3261e); }
button.danger.primary { background: var(--certyneo-slack-danger, #b3261e); color: #fff; }
button[disabled] { opacity: .6; cursor: default; }
input, select { font: inherit; color: inherit; background: var(--certyneo-slack-background, #fff);
  border: 1px solid var(--certyneo-slack-border, #8d8d93); border-radius: var(--certyneo-slack-radius, 6px); padding: .4em .6em; }
input[type=checkbox], input[type=radio] { width: 1.1em; height: 1.1em; margin: 0 .5em 0 0; vertical-align: -.15em; }
input[type=number] { width: 6em; }
:focus-visible { outline: 3px solid var(--certyneo-slack-focus, #1264a3); outline-offset: 2px; }
fieldset { border: 0; margin: 0 0 .75em; padding: 0; }
legend { font-weight: 600; padding: 0; margin-bottom: .35em; }
.check { display: block; padding: .15em 0; }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: .5em 1em; }
label.block { display: block; font-weight: 600; margin-bottom: .25em; }
.badge { display: inline-block; padding: .05em .55em; border-radius: 999px; font-size: .85em; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.ok, .sent { color: var(--certyneo-slack-ok, #1a7f37); }
.needs_attention, .held, .queued { color: var(--certyneo-slack-warning, #8a4b00); }
.revoked, .failed, .error-text { color: var(--certyneo-slack-danger, #b3261e); }
.cancelled { color: var(--certyneo-slack-muted, #595959); }
.fix { font-weight: 600; }
.alert { border-left: 4px solid var(--certyneo-slack-danger, #b3261e); padding: .5em .75em; color: var(--certyneo-slack-danger, #b3261e);
  background: var(--certyneo-slack-surface, #f6f6f7); }
.alert:empty { display: none; }
.saved { color: var(--certyneo-slack-ok, #1a7f37); font-weight: 600; min-height: 1.45em; display: inline-block; }
.saved:empty, .hint:empty { min-height: 0; margin: 0; }
.saved.failed-save { color: var(--certyneo-slack-danger, #b3261e); }
.combo { position: relative; max-width: 28em; }
.combo input { width: 100%; }
[role=listbox] { position: absolute; z-index: 10; left: 0; right: 0; margin: 2px 0 0; padding: 0; list-style: none;
  max-height: 16em; overflow-y: auto; background: var(--certyneo-slack-background, #fff);
  border: 1px solid var(--certyneo-slack-border, #8d8d93); border-radius: var(--certyneo-slack-radius, 6px); }
[role=option] { padding: .35em .6em; cursor: pointer; }
[role=option][aria-selected=true] { background: var(--certyneo-slack-accent, #4a154b); color: var(--certyneo-slack-accent-text, #fff); }
[role=option]:hover:not([aria-selected=true]) { background: var(--certyneo-slack-surface, #f6f6f7); }
.route { display: grid; grid-template-columns: minmax(10em, 14em) minmax(12em, 1fr) auto; gap: .5em; align-items: start; margin-bottom: .5em; }
.route > label { padding-top: .45em; }
section .row { margin-top: .5em; }
table { border-collapse: collapse; width: 100%; font-size: .95em; }
caption { text-align: left; position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
th, td { text-align: left; padding: .4em .5em; border-bottom: 1px solid var(--certyneo-slack-border, #8d8d93); vertical-align: top; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
dialog { border: 1px solid var(--certyneo-slack-border, #8d8d93); border-radius: var(--certyneo-slack-radius, 6px);
  color: inherit; background: var(--certyneo-slack-background, #fff); max-width: 32em; }
dialog::backdrop { background: rgb(0 0 0 / .4); }
`;

/** Problem+json (or network) failure of an admin API call, with words to show. */
class ApiError extends Error {
  constructor(status, detail, field) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.detail = detail;
    this.field = field;
  }
}

/** An element with attributes (on*: listeners) and children (strings become text: never HTML). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'text') el.textContent = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) el.append(child);
  }
  return el;
}

let uid = 0;

function capitalized(words) {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

class CertyneoSlackSettings extends HTMLElement {
  static get observedAttributes() { return ['account', 'api-base', 'locale', 'return-url', 'bot-name']; }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this._id = `csl${++uid}`;
    this._status = null;
    this._channels = null;
    this._pickers = [];
    this._deliveries = { items: [], next: null };
    this._saves = Promise.resolve();
  }

  /** Saves run one after the other, so that the last change made is the last one stored. */
  save(write) {
    this._saves = this._saves.then(write, write);
    return this._saves;
  }

  /** A function returning a Promise of the bearer token; asked before every call, never kept. */
  get tokenProvider() { return this._tokenProvider; }
  set tokenProvider(fn) {
    this._tokenProvider = fn;
    if (this.isConnected) this.reload();
  }

  connectedCallback() {
    // a host may have set the property before this module defined the element
    if (Object.prototype.hasOwnProperty.call(this, 'tokenProvider')) {
      const fn = this.tokenProvider;
      delete this.tokenProvider;
      this._tokenProvider = fn;
    }
    this.reload();
  }

  attributeChangedCallback(name, before, after) {
    if (before === after || !this.isConnected || !this._status) return;
    if (name === 'locale' || name === 'bot-name') this.render();
    else this.reload();
  }

  get t() {
    const asked = (this.getAttribute('locale') || this.closest('[lang]')?.getAttribute('lang')
      || document.documentElement.lang || 'en').toLowerCase();
    return asked.startsWith('fr') ? STRINGS.fr : STRINGS.en;
  }

  get uiLang() { return this.t === STRINGS.fr ? 'fr' : 'en'; }
  get bot() { return this.getAttribute('bot-name') || 'Certyneo'; }

  // ------------------------------------------------------------------ API

  async api(method, path, body) {
    if (typeof this._tokenProvider !== 'function') throw new ApiError(0, this.t.noToken);
    const token = await this._tokenProvider();
    const base = (this.getAttribute('api-base') || '/api/v1').replace(/\/+$/, '');
    const account = encodeURIComponent(this.getAttribute('account') || '');
    let response;
    try {
      response = await fetch(`${base}/accounts/${account}/slack${path}`, {
        method,
        headers: Object.assign({ Authorization: `Bearer ${token}`, Accept: 'application/json' },
          body === undefined ? {} : { 'Content-Type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, this.t.unreachable);
    }
    if (response.status === 204) return null;
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!response.ok) {
      const words = response.status === 401 ? this.t.unauthorized
        : response.status === 403 ? this.t.forbidden : null;
      const detail = json && (json.detail || json.title);
      throw new ApiError(response.status, [words, detail].filter(Boolean).join(' ') || `HTTP ${response.status}`,
        json && json.field);
    }
    return json;
  }

  async reload() {
    if (!this.isConnected) return;
    this._channels = null;
    this.shadowRoot.replaceChildren(h('style', { text: STYLE }),
      h('div', { class: 'root', lang: this.uiLang }, h('p', { role: 'status', text: this.t.loading })));
    try {
      this._status = await this.api('GET', '');
    } catch (e) {
      this.shadowRoot.replaceChildren(h('style', { text: STYLE }), h('div', { class: 'root', lang: this.uiLang },
        h('h2', { text: this.t.title }), h('p', { class: 'alert', role: 'alert', text: this.t.loadFailed(e.message) })));
      return;
    }
    this.render();
    if (this._status.connected) this.loadDeliveries(false);
  }

  // ------------------------------------------------------------------ rendering

  render() {
    const t = this.t;
    const s = this._status;
    this._pickers = [];
    this.live = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
    this.alert = h('p', { class: 'alert', role: 'alert' });
    const sections = [this.connectionSection()];
    if (s.connected) {
      sections.push(this.channelSection(), this.eventsSection(), this.routesSection(), this.optionsSection(),
        this.testSection(), this.deliveriesSection(), this.disconnectSection());
    }
    this.shadowRoot.replaceChildren(h('style', { text: STYLE }),
      h('div', { class: 'root', lang: this.uiLang }, h('h2', { text: t.title }), this.live, this.alert, sections));
    if (s.connected) this.renderDeliveries();
  }

  announce(words) {
    // cleared first so that the same words said twice are announced twice
    this.live.textContent = '';
    setTimeout(() => { this.live.textContent = words; }, 50);
  }

  showError(e) {
    this.alert.textContent = this.t.saveFailed(e.message);
  }

  connectionSection() {
    const t = this.t;
    const s = this._status;
    const id = `${this._id}-conn`;
    const lines = [];
    if (s.connected) {
      const date = s.connected_at ? new Intl.DateTimeFormat(this.uiLang, { dateStyle: 'long' }).format(new Date(s.connected_at)) : null;
      lines.push(h('p', { text: t.connectedTo(s.team ? s.team.name : '', date) }));
    }
    const health = s.health || (s.connected ? 'ok' : null);
    const [words, fix] = this.healthWords();
    lines.push(h('p', { class: 'health' },
      health ? h('span', { class: `badge ${health}` }, h('span', { class: 'sr-only', text: t.health }),
        t.healthNames[health] || health) : null,
      health ? ' ' : null, words));
    if (fix) lines.push(h('p', { class: 'fix', text: fix }));
    this.connectButton = h('button', { type: 'button', class: s.connected ? '' : 'primary', onclick: () => this.connect() },
      s.connected || s.health === 'revoked' ? t.reconnect : t.connect);
    return h('section', { 'aria-labelledby': id, class: 'connection' }, h('h3', { id, text: t.connection }), lines,
      h('div', { class: 'row' }, this.connectButton));
  }

  /** Health in words, and the fix when there is one; derived from health and reason (a Slack error code). */
  healthWords() {
    const t = this.t;
    const s = this._status;
    if (!s.connected) return [s.health === 'revoked' ? t.revoked : t.notConnected, null];
    const channel = s.channel ? s.channel.name : null;
    if (s.health === 'needs_attention') {
      const reason = String(s.reason || '');
      const code = (reason.match(/[a-z_]+/) || [''])[0];
      const named = this.channelNamed(reason) || channel;
      switch (code) {
        case 'not_in_channel': return [t.notMember(this.bot, named), t.invite(this.bot, named)];
        case 'channel_not_found': return [t.channelGone(named), null];
        case 'is_archived': case 'channel_is_archived': return [t.archived(named), null];
        case 'missing_scope': return [t.missingScope, null];
        default: return [t.otherProblem(reason || '?'), null];
      }
    }
    return [channel ? t.working(channel) : t.noChannel, null];
  }

  /** A channel the reason names (by id or #name) among the installation's channels. */
  channelNamed(reason) {
    const s = this._status;
    const known = [s.channel, ...Object.values(s.routes || {})].filter(Boolean);
    for (const c of known) {
      if (reason.includes(c.id) || reason.includes(`#${c.name}`)) return c.name;
    }
    const hash = reason.match(/#([a-z0-9_-]+)/);
    return hash ? hash[1] : null;
  }

  channelSection() {
    const t = this.t;
    const s = this._status;
    const id = `${this._id}-channel`;
    this.channelResult = h('p', { class: 'saved', role: 'status' });
    const picker = this.picker({
      key: 'main', label: t.channelLabel, current: s.channel,
      onPick: (c) => this.save(() => this.pickChannel(c)),
    });
    return h('section', { 'aria-labelledby': id }, h('h3', { id, text: t.channel }), picker, this.channelResult);
  }

  eventsSection() {
    const t = this.t;
    const id = `${this._id}-events`;
    const saved = h('span', { class: 'saved', role: 'status' });
    const ticked = new Set(this._status.events || []);
    const boxes = EVENTS.map((ev) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'event', value: ev, checked: ticked.has(ev), onchange: () => this.save(() => this.saveEvents(boxes, saved)) }),
      t.eventNames[ev]));
    return h('section', { 'aria-labelledby': id }, h('h3', { id, text: t.events }),
      h('fieldset', {}, h('legend', { text: t.eventsLegend }), boxes), saved);
  }

  routesSection() {
    const t = this.t;
    const s = this._status;
    const id = `${this._id}-routes`;
    const hintId = `${id}-hint`;
    this.routesSaved = h('span', { class: 'saved', role: 'status' });
    const rows = EVENTS.map((ev) => {
      const route = (s.routes || {})[ev] || null;
      const name = t.eventNames[ev];
      const picker = this.picker({
        key: `route-${ev}`, label: t.routeLabel(name), current: route, placeholder: t.sameChannel, describedBy: hintId,
        onPick: (c) => this.save(() => this.saveRoute(ev, c)),
      });
      const clear = h('button', { type: 'button', 'aria-label': t.clearRoute(name), onclick: () => this.save(() => this.saveRoute(ev, null)) }, t.clear);
      return h('div', { class: 'route' }, picker.querySelector('label'), picker, clear);
    });
    return h('section', { 'aria-labelledby': id }, h('h3', { id, text: t.routes }),
      h('p', { class: 'hint', id: hintId, text: t.routesHint(s.channel ? s.channel.name : null) }), rows, this.routesSaved);
  }

  optionsSection() {
    const t = this.t;
    const settings = this._status.settings || { layout: 'message_per_event', locale: 'en', digest: { enabled: false, after: 10 } };
    const digest = settings.digest || { enabled: false, after: 10 };
    const id = `${this._id}-options`;
    const saved = h('span', { class: 'saved', role: 'status' });
    const save = (change) => this.save(() => this.saveSettings(change, saved));
    const layouts = ['message_per_event', 'thread_per_envelope'].map((layout) => h('label', { class: 'check' },
      h('input', { type: 'radio', name: `${this._id}-layout`, value: layout, checked: settings.layout === layout,
        onchange: () => save({ layout }) }), t.layoutNames[layout]));
    const localeId = `${id}-locale`;
    const noteId = `${id}-note`;
    const locale = h('select', { id: localeId, 'aria-describedby': noteId, onchange: (e) => save({ locale: e.target.value }) },
      h('option', { value: 'en', lang: 'en', selected: settings.locale !== 'fr' }, 'English'),
      h('option', { value: 'fr', lang: 'fr', selected: settings.locale === 'fr' }, 'Français'));
    const afterId = `${id}-after`;
    const digestHintId = `${id}-digest-hint`;
    const after = h('input', { id: afterId, type: 'number', min: 3, max: 100, step: 1, value: digest.after,
      'aria-describedby': digestHintId, disabled: !digest.enabled });
    const enabled = h('input', { type: 'checkbox', checked: digest.enabled, 'aria-describedby': digestHintId });
    enabled.addEventListener('change', () => {
      after.disabled = !enabled.checked;
      save({ digest: { enabled: enabled.checked } });
    });
    after.addEventListener('change', () => {
      const n = Number(after.value);
      if (!Number.isInteger(n) || n < 3 || n > 100) {
        after.setAttribute('aria-invalid', 'true');
        saved.classList.add('failed-save');
        saved.textContent = t.digestRange;
        return;
      }
      after.removeAttribute('aria-invalid');
      save({ digest: { after: n } });
    });
    return h('section', { 'aria-labelledby': id }, h('h3', { id, text: t.options }),
      h('fieldset', {}, h('legend', { text: t.layout }), layouts),
      h('div', {}, h('label', { class: 'block', for: localeId, text: t.messageLocale }), locale,
        h('p', { class: 'hint', id: noteId, text: t.localeNote })),
      h('div', {},
        h('label', { class: 'check' }, enabled, t.digest),
        h('div', { class: 'row' }, h('label', { for: afterId, text: t.digestAfter }), after),
        h('p', { class: 'hint', id: digestHintId, text: t.digestHint })),
      saved);
  }

  testSection() {
    const t = this.t;
    const id = `${this._id}-test`;
    const outcome = h('p', { role: 'status', class: 'outcome' });
    const button = h('button', { type: 'button', onclick: () => this.sendTest(button, outcome) }, t.sendTest);
    return h('section', { 'aria-labelledby': id }, h('h3', { id, text: t.test }), h('div', { class: 'row' }, button), outcome);
  }

  deliveriesSection() {
    const t = this.t;
    const id = `${this._id}-deliveries`;
    this.deliveryBody = h('tbody');
    this.deliveryEmpty = h('p', { class: 'muted', text: t.noDeliveries, hidden: true });
    this.deliveryTable = h('table', {}, h('caption', { text: t.deliveriesCaption }),
      h('thead', {}, h('tr', {}, ['status', 'event', 'channel', 'received', 'details'].map((c) => h('th', { scope: 'col', text: t.columns[c] })))),
      this.deliveryBody);
    this.moreButton = h('button', { type: 'button', hidden: true, onclick: () => this.loadDeliveries(true) }, t.loadMore);
    const refresh = h('button', { type: 'button', onclick: () => this.loadDeliveries(false) }, t.refresh);
    return h('section', { 'aria-labelledby': id, class: 'deliveries' }, h('h3', { id, text: t.deliveries }),
      this.deliveryTable, this.deliveryEmpty, h('div', { class: 'row' }, this.moreButton, refresh));
  }

  disconnectSection() {
    const t = this.t;
    const titleId = `${this._id}-disconnect-title`;
    const team = this._status.team ? this._status.team.name : 'Slack';
    const dialog = h('dialog', { 'aria-labelledby': titleId },
      h('h3', { id: titleId, text: t.disconnectTitle }), h('p', { text: t.disconnectBody(team) }));
    const cancel = h('button', { type: 'button', onclick: () => dialog.close() }, t.cancel);
    const confirm = h('button', { type: 'button', class: 'danger primary', onclick: () => this.disconnect(dialog, confirm) }, t.confirmDisconnect);
    dialog.append(h('div', { class: 'row' }, cancel, confirm));
    const open = h('button', { type: 'button', class: 'danger', onclick: () => { dialog.showModal(); cancel.focus(); } }, t.disconnect);
    return h('section', { 'aria-label': t.disconnectTitle.replace(/\s*\?$/, '') }, open, dialog);
  }

  // ------------------------------------------------------------------ channel picker (combobox + listbox)

  picker({ key, label, current, placeholder, describedBy, onPick }) {
    const t = this.t;
    const base = `${this._id}-${key.replace(/[^a-z0-9-]/gi, '-')}`;
    const input = h('input', { id: `${base}-input`, type: 'text', role: 'combobox', 'aria-autocomplete': 'list',
      'aria-expanded': 'false', 'aria-controls': `${base}-list`, autocomplete: 'off', spellcheck: 'false',
      placeholder: placeholder || t.search, 'aria-describedby': [`${base}-count`, describedBy].filter(Boolean).join(' '),
      value: current ? `#${current.name}` : '' });
    const list = h('ul', { id: `${base}-list`, role: 'listbox', 'aria-label': label, hidden: true });
    const count = h('p', { id: `${base}-count`, class: 'hint', 'aria-live': 'polite' });
    const state = { current, options: [], active: -1, open: false };
    const hint = placeholder || t.search;
    const shown = () => (state.current ? `#${state.current.name}` : '');
    const picker = { input, list, count, state, refresh: () => state.open && filter() };

    const setActive = (i) => {
      state.active = i;
      [...list.children].forEach((li, n) => li.setAttribute('aria-selected', String(n === i)));
      if (i >= 0 && list.children[i]) {
        input.setAttribute('aria-activedescendant', list.children[i].id);
        list.children[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    };
    const close = (restore) => {
      state.open = false;
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      if (restore) {
        input.value = shown();
        input.placeholder = hint;
      }
    };
    const choose = (channel) => {
      state.current = channel;
      close(true);
      onPick(channel);
    };
    const filter = () => {
      const q = input.value.trim().replace(/^#/, '').toLowerCase();
      const all = this._channels ? this._channels.items : [];
      const matching = q === '' ? all : all.filter((c) => c.name.toLowerCase().includes(q));
      const ranked = q === '' ? matching : [...matching.filter((c) => c.name.toLowerCase().startsWith(q)),
        ...matching.filter((c) => !c.name.toLowerCase().startsWith(q))];
      state.options = ranked.slice(0, SHOWN_OPTIONS);
      list.replaceChildren(...state.options.map((c, n) => h('li', { id: `${base}-opt-${n}`, role: 'option', 'aria-selected': 'false',
        onmousedown: (e) => e.preventDefault(), onclick: () => choose(c) },
        `#${c.name}`, c.is_member ? null : h('span', { class: 'muted', text: ` (${t.notInvited})` }))));
      const loading = this._channels && !this._channels.done;
      const words = [];
      if (loading) words.push(t.loadingChannels(all.length));
      if (this._channels && this._channels.error) words.push(this._channels.error);
      else if (!loading) words.push(ranked.length === 0 ? t.noMatch(q) : t.matches(ranked.length));
      if (ranked.length > SHOWN_OPTIONS) words.push(t.firstOnly(SHOWN_OPTIONS));
      count.textContent = words.join(' ');
      state.open = true;
      list.hidden = state.options.length === 0;
      input.setAttribute('aria-expanded', String(state.options.length > 0));
      setActive(state.options.length > 0 && q !== '' ? 0 : -1);
    };
    const open = () => {
      this.loadChannels();
      filter();
    };
    input.addEventListener('input', open);
    input.addEventListener('keydown', (e) => {
      switch (e.key) {
        case 'ArrowDown':
          e.preventDefault();
          if (!state.open) open();
          else if (state.options.length) setActive((state.active + 1) % state.options.length);
          break;
        case 'ArrowUp':
          e.preventDefault();
          if (!state.open) open();
          else if (state.options.length) setActive(state.active <= 0 ? state.options.length - 1 : state.active - 1);
          break;
        case 'Enter':
          if (state.open && state.active >= 0) {
            e.preventDefault();
            choose(state.options[state.active]);
          }
          break;
        case 'Escape':
          if (state.open) {
            e.preventDefault();
            close(true);
          }
          break;
        default:
      }
    });
    input.addEventListener('blur', () => close(true));
    // typing searches afresh: the chosen channel steps aside into the placeholder until the field is left
    input.addEventListener('focus', () => {
      input.placeholder = shown() || hint;
      input.value = '';
    });
    input.addEventListener('click', () => { if (!state.open) open(); });
    this._pickers.push(picker);
    return h('div', { class: 'picker' }, h('label', { for: input.id, class: 'block', text: label }),
      h('div', { class: 'combo' }, input, list), count);
  }

  /** Every page of GET …/channels, once per screen; open pickers refresh as pages arrive. */
  loadChannels() {
    if (this._channels) return this._channels.promise;
    const cache = { items: [], done: false, error: null };
    this._channels = cache;
    const refresh = () => this._pickers.forEach((p) => p.refresh());
    cache.promise = (async () => {
      let cursor = '';
      try {
        do {
          const page = await this.api('GET', `/channels${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
          cache.items.push(...(page.items || []));
          cursor = page.next_cursor || '';
          refresh();
        } while (cursor);
      } catch (e) {
        cache.error = e.message;
        // the next opening tries again
        if (this._channels === cache) this._channels = null;
      }
      cache.done = true;
      refresh();
    })();
    return cache.promise;
  }

  // ------------------------------------------------------------------ actions

  async connect() {
    const t = this.t;
    const button = this.connectButton;
    button.disabled = true;
    button.textContent = t.opening;
    this.announce(t.opening);
    try {
      const link = await this.api('POST', '/install', { return_url: this.getAttribute('return-url') || window.location.href });
      const event = new CustomEvent('certyneo-slack-install', { detail: { installUrl: link.install_url }, cancelable: true, bubbles: true, composed: true });
      if (this.dispatchEvent(event)) window.location.assign(link.install_url);
    } catch (e) {
      this.showError(e);
    } finally {
      button.disabled = false;
      button.textContent = this._status.connected || this._status.health === 'revoked' ? t.reconnect : t.connect;
    }
  }

  async pickChannel(channel) {
    const t = this.t;
    this.channelResult.classList.remove('failed-save');
    this.channelResult.textContent = t.saving;
    try {
      const choice = await this.api('PUT', '/channel', { channel_id: channel.id });
      const picked = choice.channel || channel;
      this._status = Object.assign(this._status, await this.api('GET', ''));
      const invite = choice.bot_is_member === false ? ` ${t.invite(this.bot, picked.name)}` : '';
      this.channelResult.textContent = t.channelSaved(picked.name) + invite;
      this.refreshConnection();
    } catch (e) {
      this.channelResult.classList.add('failed-save');
      this.channelResult.textContent = t.saveFailed(e.message);
    }
  }

  /** Re-renders the connection section only (focus stays where it is). */
  refreshConnection() {
    const old = this.shadowRoot.querySelector('section.connection');
    if (old) old.replaceWith(this.connectionSection());
  }

  async saveEvents(boxes, saved) {
    const t = this.t;
    const events = boxes.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    saved.classList.remove('failed-save');
    saved.textContent = t.saving;
    try {
      const status = await this.api('PUT', '/events', { events });
      this._status.events = status && status.events ? status.events : events;
      saved.textContent = t.saved;
    } catch (e) {
      saved.classList.add('failed-save');
      saved.textContent = t.saveFailed(e.message);
    }
  }

  async saveRoute(event, channel) {
    const t = this.t;
    const routes = Object.assign({}, this._status.routes || {});
    if (channel) routes[event] = { id: channel.id, name: channel.name };
    else delete routes[event];
    const body = {};
    for (const [ev, c] of Object.entries(routes)) body[ev] = c.id;
    this.routesSaved.classList.remove('failed-save');
    this.routesSaved.textContent = t.saving;
    try {
      const answer = await this.api('PUT', '/routes', { routes: body });
      this._status.routes = answer && answer.routes ? answer.routes : routes;
      const picker = this._pickers.find((p) => p.input.id.endsWith(`route-${event.replace(/[^a-z0-9-]/gi, '-')}-input`));
      if (picker && !channel) {
        picker.state.current = null;
        picker.input.value = '';
      }
      const invite = channel && channel.is_member === false ? ` ${t.invite(this.bot, channel.name)}` : '';
      this.routesSaved.textContent = t.saved + (invite ? `.${invite}` : '');
    } catch (e) {
      this.routesSaved.classList.add('failed-save');
      this.routesSaved.textContent = t.saveFailed(e.message);
    }
  }

  async saveSettings(change, saved) {
    const t = this.t;
    saved.classList.remove('failed-save');
    saved.textContent = t.saving;
    try {
      const settings = await this.api('PUT', '/settings', change);
      if (settings) this._status.settings = settings;
      saved.textContent = t.saved;
    } catch (e) {
      saved.classList.add('failed-save');
      saved.textContent = t.saveFailed(e.message);
    }
  }

  async sendTest(button, outcome) {
    const t = this.t;
    button.disabled = true;
    outcome.className = 'outcome';
    outcome.textContent = t.sending;
    try {
      const result = await this.api('POST', '/test');
      const channel = this._status.channel ? this._status.channel.name : '';
      if (result.ok) {
        outcome.textContent = t.testOk(channel);
        if (this._status.health === 'needs_attention') {
          this._status.health = 'ok';
          this.refreshConnection();
        }
      } else {
        outcome.classList.add('error-text');
        outcome.textContent = t.testFailed(this.slackWords(result.error, channel));
        // a refused test message may have changed the health: show it with its fix
        this._status = Object.assign(this._status, await this.api('GET', ''));
        this.refreshConnection();
      }
    } catch (e) {
      outcome.classList.add('error-text');
      outcome.textContent = t.testFailed(e.message);
    } finally {
      button.disabled = false;
    }
  }

  /** A Slack error code (or the service's own words) as a sentence for the admin. */
  slackWords(code, channel) {
    const w = this.t.slack;
    const value = String(code || '');
    if (!/^[a-z_]+( \(.*\))?$/.test(value) && !/^(http|timeout|rate_limited)/.test(value)) return value;
    const bare = value.split(' ')[0];
    if (bare === 'not_in_channel') return w.not_in_channel(this.bot, channel || '?');
    if (bare === 'channel_not_found') return w.channel_not_found;
    if (bare === 'is_archived' || bare === 'channel_is_archived') return w.is_archived;
    if (AUTH_ERRORS.includes(bare)) return w.auth;
    if (bare === 'missing_scope') return w.missing_scope;
    if (bare === 'ratelimited' || bare === 'rate_limited') return w.ratelimited;
    if (FORMAT_ERRORS.includes(bare)) return w.format(bare);
    if (/^(http|timeout|connection|fatal_error|internal_error|service_unavailable|request_timeout)/.test(bare)) return w.unavailable(value);
    return w.other(value);
  }

  async loadDeliveries(more) {
    const t = this.t;
    if (!this.moreButton) return;
    const cursor = more ? this._deliveries.next : null;
    this.moreButton.disabled = true;
    try {
      const page = await this.api('GET', `/deliveries?limit=${DELIVERY_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const items = page.items || [];
      this._deliveries = { items: more ? [...this._deliveries.items, ...items] : items, next: page.next_cursor || null };
      this.renderDeliveries();
      if (more) this.announce(t.moreLoaded(items.length));
    } catch (e) {
      this.showError(e);
    } finally {
      this.moreButton.disabled = false;
    }
  }

  renderDeliveries() {
    if (!this.deliveryBody) return;
    const t = this.t;
    const when = new Intl.DateTimeFormat(this.uiLang, { dateStyle: 'medium', timeStyle: 'short' });
    const time = (iso) => iso ? h('time', { datetime: iso, text: when.format(new Date(iso)) }) : '';
    const names = new Map();
    const s = this._status;
    [s.channel, ...Object.values(s.routes || {})].filter(Boolean).forEach((c) => names.set(c.id, c.name));
    (this._channels ? this._channels.items : []).forEach((c) => names.set(c.id, c.name));
    this.deliveryBody.replaceChildren(...this._deliveries.items.map((d) => {
      const details = [];
      if (d.status === 'sent' && d.sent_at) details.push(t.sentAt(when.format(new Date(d.sent_at))));
      if (d.digest_size) details.push(t.inDigest(d.digest_size));
      if (d.thread_ts) details.push(t.inThread);
      if (d.status === 'held') details.push(t.heldWhy);
      if (d.attempts > 1 || (d.status === 'failed' && d.attempts)) details.push(t.attempts(d.attempts));
      const error = d.last_error && d.status !== 'sent'
        ? h('span', { class: 'error-text', text: ` ${capitalized(this.slackWords(d.last_error, names.get(d.channel) || d.channel))}` }) : null;
      return h('tr', {},
        h('td', {}, h('span', { class: `badge ${d.status}`, text: t.statusNames[d.status] || d.status })),
        h('td', { text: t.eventNames[d.event_type] || d.event_type }),
        h('td', { text: d.channel ? `#${names.get(d.channel) || d.channel}` : '' }),
        h('td', {}, time(d.received_at)),
        h('td', {}, details.join(' '), error));
    }));
    const empty = this._deliveries.items.length === 0;
    this.deliveryTable.hidden = empty;
    this.deliveryEmpty.hidden = !empty;
    this.moreButton.hidden = !this._deliveries.next;
  }

  async disconnect(dialog, confirm) {
    const t = this.t;
    confirm.disabled = true;
    try {
      await this.api('DELETE', '');
      dialog.close();
      this._status = await this.api('GET', '');
      this._deliveries = { items: [], next: null };
      this.render();
      this.announce(t.disconnected);
      this.connectButton.focus();
    } catch (e) {
      dialog.close();
      this.showError(e);
    } finally {
      confirm.disabled = false;
    }
  }
}

if (!customElements.get('certyneo-slack-settings')) {
  customElements.define('certyneo-slack-settings', CertyneoSlackSettings);
}

export { CertyneoSlackSettings, STRINGS };
