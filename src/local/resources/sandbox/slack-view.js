// The Slack stand-in's screen: sidebar of channels, the selected channel's messages (threads nested under their
// root, broadcast replies also in the channel, ephemeral replies marked), and the user's actions: invite the bot,
// uninstall the app, press a button. Polls the sandbox every second, like a live Slack client.
import { html, messageBody } from '/sandbox/assets/slack-render.js';

const $ = (id) => document.getElementById(id);
let current = decodeURIComponent(location.hash.slice(1)) || null;
let lastRendered = '';

function time(ts) {
  return new Date(Number(ts.split('.')[0]) * 1000).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function author(m) {
  return m.bot_id ? 'Certyneo <span class="app-badge">APP</span>' : html(m.user ?? 'someone');
}

function renderMessage(m, replies) {
  const flags = [];
  if (m.edited) flags.push('<span class="edited">(edited)</span>');
  if (m.ephemeral) flags.push('<span class="ephemeral-note">Only visible to you</span>');
  if (m.thread_ts && m.reply_broadcast) flags.push('<span class="broadcast-note">replied to a thread</span>');
  let out = `<li class="message${m.ephemeral ? ' ephemeral' : ''}" data-ts="${html(m.ts)}">`
    + `<div class="avatar" aria-hidden="true">C</div><div class="message-main">`
    + `<div class="message-meta"><span class="author">${author(m)}</span> <time>${time(m.ts)}</time> ${flags.join(' ')}</div>`
    + `<div class="message-body">${messageBody(m)}</div>`;
  if (replies && replies.length) {
    out += `<details class="thread" open><summary>${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</summary><ol>`
      + replies.map((r) => renderMessage(r, null)).join('') + '</ol></details>';
  }
  return out + '</div></li>';
}

function renderChannel(channel) {
  $('channel-name').textContent = '#' + channel.name;
  $('invite').hidden = channel.is_member || channel.is_archived;
  $('member-note').textContent = channel.is_archived ? 'archived' : channel.is_member ? 'Certyneo is in this channel'
    : 'Certyneo is not in this channel';
  const roots = channel.messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast);
  const threads = {};
  for (const m of channel.messages) {
    if (m.thread_ts && m.thread_ts !== m.ts) (threads[m.thread_ts] ??= []).push(m);
  }
  const markup = roots.map((m) => renderMessage(m, m.thread_ts && m.thread_ts !== m.ts ? null : threads[m.ts])).join('')
    || '<li class="empty">No messages yet.</li>';
  if (markup !== lastRendered) {
    $('messages').innerHTML = markup;
    lastRendered = markup;
  }
}

async function refresh() {
  const state = await (await fetch('/sandbox/slack/state', { cache: 'no-store' })).json();
  $('install-state').textContent = state.installed ? 'Certyneo app: installed' : 'Certyneo app: not installed';
  $('uninstall').disabled = !state.installed;
  if (!current) current = (state.channels.find((c) => c.count > 0) ?? state.channels[0]).id;
  const items = state.channels.map((c) => `<li><a href="#${html(c.id)}" data-channel="${html(c.id)}"`
    + `${c.id === current ? ' aria-current="page" class="active"' : ''}># ${html(c.name)}</a>`
    + `${c.is_member ? '' : ' <span class="not-member" title="Certyneo is not in this channel">(bot not in)</span>'}`
    + `${c.count ? ` <span class="count">${c.count}</span>` : ''}</li>`).join('');
  if ($('channels').innerHTML !== items) $('channels').innerHTML = items;
  $('more-channels').textContent = `+ ${state.total_channels - state.channels.length} more public channels`;
  const response = await fetch('/sandbox/slack/channels/' + encodeURIComponent(current), { cache: 'no-store' });
  if (response.ok) renderChannel(await response.json());
}

async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  return response.json();
}

window.addEventListener('hashchange', () => { current = decodeURIComponent(location.hash.slice(1)); lastRendered = ''; refresh(); });
$('invite').addEventListener('click', async () => {
  const r = await post('/sandbox/slack/channels/' + encodeURIComponent(current) + '/invite');
  $('action-result').textContent = `/invite @Certyneo: member_joined_channel sent, the service answered HTTP ${r.service_status}`;
  refresh();
});
$('uninstall').addEventListener('click', async () => {
  const r = await post('/sandbox/slack/uninstall');
  $('action-result').textContent = `App uninstalled: app_uninstalled sent, the service answered HTTP ${r.service_status}`;
  refresh();
});
$('messages').addEventListener('click', async (e) => {
  const b = e.target.closest('button.sl-button');
  if (!b) return;
  const ts = b.closest('li.message').dataset.ts;
  b.disabled = true;
  const r = await post('/sandbox/slack/click', { channel: current, ts, action_id: b.dataset.actionId, value: b.dataset.value });
  $('action-result').textContent = `Button “${b.textContent}”: block_actions sent, the service answered HTTP ${r.service_status}`;
  b.disabled = false;
  setTimeout(refresh, 300);
});
refresh();
setInterval(() => refresh().catch(() => {}), 1000);
