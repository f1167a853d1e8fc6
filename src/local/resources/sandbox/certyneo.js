// The Certyneo stand-in's page: one form per event type (title and signers editable), a burst, and the calls.
import { html } from '/sandbox/assets/slack-render.js';

const $ = (id) => document.getElementById(id);
const LABELS = {
  'envelope.completed': 'Signed by every signer', 'envelope.declined': 'Declined', 'envelope.expired': 'Expired',
  'envelope.sent': 'Sent', 'recipient.signed': 'One recipient signed',
};

async function post(url, body) {
  const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return r.json();
}

const samples = await (await fetch('/sandbox/certyneo/samples')).json();
for (const [type, form] of Object.entries(samples)) {
  const id = type.replace('.', '-');
  const card = document.createElement('form');
  card.className = 'sample';
  card.id = 'sample-' + id;
  card.innerHTML = `<h3><code>${type}</code> — ${LABELS[type]}</h3>
    <label>Title <input name="title" value="${html(form.title)}"></label>
    <label>Signers (one per line: Name &lt;email&gt; pending|signed|declined)
      <textarea name="signers" rows="3">${html(form.signers)}</textarea></label>
    ${type === 'envelope.declined' ? '<label>Decline reason <input name="decline_reason" value="Wrong amount in clause 4"></label>' : ''}
    <button type="submit" id="send-${id}">Send ${type}</button>
    <output class="result" id="result-${id}" aria-live="polite"></output>`;
  card.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(card));
    const r = await post('/sandbox/certyneo/send', { type, envelope_id: $('envelope').value, ...data });
    card.querySelector('output').textContent = r.status > 0 ? `HTTP ${r.status} ${r.answer}` : r.error;
    refresh();
  });
  $('samples').appendChild(card);
  $('burst-type').insertAdjacentHTML('beforeend', `<option${type === 'envelope.sent' ? ' selected' : ''}>${type}</option>`);
}

$('burst').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('burst-result').textContent = 'sending…';
  const r = await post('/sandbox/certyneo/burst', { type: $('burst-type').value, count: Number($('burst-count').value) });
  $('burst-result').textContent = r.error ?? `${r.count} sent: ` + Object.entries(r.statuses).map(([s, n]) => `${n} × HTTP ${s}`).join(', ');
  refresh();
});

async function refresh() {
  const { calls } = await (await fetch('/sandbox/certyneo/calls', { cache: 'no-store' })).json();
  $('calls').innerHTML = calls.map((c) => `<tr><td>${html(new Date(c.at).toLocaleTimeString('en-GB'))}</td>`
    + `<td><code>${html(c.call)}</code></td><td>${c.status}</td><td>${html(c.detail)}</td></tr>`).join('');
}
refresh();
setInterval(() => refresh().catch(() => {}), 1500);
