// Renders Slack messages as Slack shows them: mrkdwn (bold, italic, strike, code, links, mentions, escapes),
// emoji short codes, Block Kit blocks (section, header, context, actions, divider, image, fields, accessory),
// legacy attachments with their colour bar. Unknown block types are shown as their JSON, never dropped.
const EMOJI = {
  white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌', alarm_clock: '⏰', hourglass: '⌛', outbox_tray: '📤',
  writing_hand: '✍️', repeat: '🔁', warning: '⚠️', no_entry: '⛔', information_source: 'ℹ️', page_facing_up: '📄',
  email: '📧', envelope: '✉️', tada: '🎉', bell: '🔔', test_tube: '🧪', wave: '👋', memo: '📝', link: '🔗',
  lock: '🔒', inbox_tray: '📥', arrows_counterclockwise: '🔄', pencil: '✏️', bust_in_silhouette: '👤',
  busts_in_silhouette: '👥', clipboard: '📋', calendar: '📅', heavy_multiplication_x: '✖️', red_circle: '🔴',
  large_green_circle: '🟢', large_blue_circle: '🔵', large_purple_circle: '🟣', large_orange_circle: '🟠',
  speech_balloon: '💬', thread: '🧵', gear: '⚙️', rocket: '🚀', eyes: '👀', ok_hand: '👌', thumbsup: '👍',
};
const USERS = { U0SBXADMIN: 'you', U0SBXBOT: 'Certyneo' };

export function html(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function emoji(escaped) {
  return escaped.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] ?? all);
}

function decode(slackText) {
  return slackText.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// Text between Slack's <...> controls: Slack entities decoded, then shown as text with mrkdwn styling.
function inline(slackText) {
  const codes = [];
  let t = html(decode(slackText)).replace(/`([^`\n]+)`/g, (all, code) => {
    codes.push(code);
    return `\u0000${codes.length - 1}\u0000`;
  });
  t = t.replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?=[^\w*]|$)/g, '$1<b>$2</b>')
    .replace(/(^|[^\w])_(?!\s)([^_\n]+?)_(?=[^\w]|$)/g, '$1<i>$2</i>')
    .replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?=[^\w~]|$)/g, '$1<s>$2</s>');
  t = emoji(t).replace(/^&gt; ?(.*)$/gm, '<span class="quote">$1</span>').replace(/\n/g, '<br>');
  return t.replace(/\u0000(\d+)\u0000/g, (all, i) => `<code>${codes[Number(i)]}</code>`);
}

function control(inner) {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? null : inner.slice(bar + 1);
  if (target.startsWith('@')) {
    return `<span class="mention">@${html(label ?? USERS[target.slice(1)] ?? target.slice(1))}</span>`;
  }
  if (target.startsWith('#')) {
    return `<span class="mention">#${html(label ?? target.slice(1))}</span>`;
  }
  if (target.startsWith('!')) {
    const word = target.slice(1).split('^')[0];
    return label != null && word === 'date' ? html(label) : `<span class="mention">@${html(word)}</span>`;
  }
  if (/^(https?:|mailto:)/i.test(target)) {
    return `<a href="${html(target)}" target="_blank" rel="noopener">${label != null ? inline(label) : html(target)}</a>`;
  }
  return html('<' + inner + '>');
}

export function mrkdwn(text) {
  if (text == null) return '';
  let out = '';
  let last = 0;
  const controls = /<([^<>\n]*)>/g;
  for (let m; (m = controls.exec(text));) {
    out += inline(text.slice(last, m.index)) + control(m[1]);
    last = controls.lastIndex;
  }
  return out + inline(text.slice(last));
}

function textObject(t) {
  if (!t) return '';
  return t.type === 'mrkdwn' ? mrkdwn(t.text) : emoji(html(t.text ?? ''));
}

function button(el) {
  const label = textObject(el.text);
  const style = el.style ? ` ${el.style}` : '';
  if (el.url) {
    return `<a class="sl-button${style}" href="${html(el.url)}" target="_blank" rel="noopener">${label}</a>`;
  }
  return `<button type="button" class="sl-button${style}" data-action-id="${html(el.action_id ?? '')}"`
    + ` data-value="${html(el.value ?? '')}">${label}</button>`;
}

function element(el) {
  if (el.type === 'button') return button(el);
  if (el.type === 'image') return `<img class="ctx-image" alt="${html(el.alt_text ?? '')}" src="${html(el.image_url ?? '')}">`;
  if (el.type === 'mrkdwn' || el.type === 'plain_text') return `<span>${textObject(el)}</span>`;
  return `<code class="unknown">${html(JSON.stringify(el))}</code>`;
}

export function blocks(list) {
  return (list ?? []).map((b) => {
    switch (b.type) {
      case 'section': {
        const fields = b.fields ? `<div class="fields">${b.fields.map((f) => `<div>${textObject(f)}</div>`).join('')}</div>` : '';
        const accessory = b.accessory ? `<div class="accessory">${element(b.accessory)}</div>` : '';
        return `<div class="block section"><div class="section-text">${textObject(b.text)}${fields}</div>${accessory}</div>`;
      }
      case 'header': return `<div class="block header">${textObject(b.text)}</div>`;
      case 'context': return `<div class="block context">${(b.elements ?? []).map(element).join(' ')}</div>`;
      case 'actions': return `<div class="block actions">${(b.elements ?? []).map(element).join('')}</div>`;
      case 'divider': return '<hr class="block divider">';
      case 'image': return `<figure class="block image"><img alt="${html(b.alt_text ?? '')}" src="${html(b.image_url ?? '')}"></figure>`;
      default: return `<pre class="block unknown">${html(JSON.stringify(b, null, 2))}</pre>`;
    }
  }).join('');
}

const COLORS = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' };

function attachment(a) {
  const color = COLORS[a.color] ?? (a.color ? (a.color.startsWith('#') ? a.color : '#' + a.color) : '#dddddd');
  let body = '';
  if (a.pretext) body += `<div class="pretext">${mrkdwn(a.pretext)}</div>`;
  if (a.title) body += `<div class="att-title">${a.title_link ? `<a href="${html(a.title_link)}">${html(a.title)}</a>` : html(a.title)}</div>`;
  if (a.blocks) body += blocks(a.blocks);
  else if (a.text) body += `<div>${mrkdwn(a.text)}</div>`;
  else if (a.fallback) body += `<div>${mrkdwn(a.fallback)}</div>`;
  if (a.fields) body += `<div class="fields">${a.fields.map((f) => `<div><b>${html(f.title ?? '')}</b><br>${mrkdwn(f.value ?? '')}</div>`).join('')}</div>`;
  if (a.actions) body += `<div class="block actions">${a.actions.map((x) => button({ ...x, text: { type: 'plain_text', text: x.text } })).join('')}</div>`;
  if (a.footer) body += `<div class="block context">${mrkdwn(a.footer)}</div>`;
  return `<div class="attachment" data-color="${html(color)}" style="border-left-color:${html(color)}">${body}</div>`;
}

// One message's content: blocks replace the text (which is then only the notification fallback); without
// blocks the text is shown; attachments come after, each with its colour bar.
export function messageBody(m) {
  let out = m.blocks && m.blocks.length ? blocks(m.blocks) : (m.text ? `<div class="text">${mrkdwn(m.text)}</div>` : '');
  for (const a of m.attachments ?? []) out += attachment(a);
  return out;
}
