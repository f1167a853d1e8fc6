// Hosts the settings component as Certyneo's dashboard would: attributes for the account, the admin API base,
// the page to come back to after Slack's OAuth, the language; a tokenProvider that asks "the backend" (here the
// sandbox) for a short-lived admin token. The property is set before the element joins the page, so the
// component's first request already has it.
const host = document.getElementById('component-host');
try {
  await import('/ui/certyneo-slack-settings.js');
  await customElements.whenDefined('certyneo-slack-settings');
  const settings = document.createElement('certyneo-slack-settings');
  settings.setAttribute('account', host.dataset.account);
  settings.setAttribute('api-base', '/api/v1');
  settings.setAttribute('return-url', host.dataset.returnUrl);
  settings.setAttribute('locale', host.dataset.locale);
  settings.tokenProvider = () => fetch('/sandbox/token', { cache: 'no-store' }).then((r) => {
    if (!r.ok) throw new Error('no sandbox token: HTTP ' + r.status);
    return r.text();
  });
  host.appendChild(settings);
} catch (e) {
  document.getElementById('component-missing').hidden = false;
  console.error('settings component unavailable', e);
}
