/**
 * A stand-in for Microsoft Teams hosting the staff tab, for the browser test: a page served (by
 * Playwright's request routing) at a Teams origin, so the tab's Content-Security-Policy
 * (frame-ancestors) and the Teams SDK's check of its host's origin both pass as in Teams, that
 * frames the tab and answers the SDK's messages: `initialize` with a tab context, and
 * `authentication.getAuthToken` with an SSO token the test signed with its local Entra keys.
 * Anything else the SDK asks is answered with an empty success.
 */
export const TEAMS_HOST = 'https://teams.microsoft.com';
/** The bot as the browser sees it (routed to the test's bot on 127.0.0.1), over https like a real deployment. */
export const BOT_ORIGIN = 'https://council-bot.example.org';

export function hostPage(token: string, tenantId: string): string {
  const runtime = JSON.stringify({ apiVersion: 4, hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } }, isLegacyTeams: false, supports: { appInstallDialog: {}, pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrapFocus: {} }, teamsCore: {}, logs: {} } });
  const context = JSON.stringify({ app: { locale: 'en-gb', sessionId: 'test-session', theme: 'default', host: { name: 'Teams', clientType: 'web', sessionId: 'host-session' } }, user: { tenant: { id: tenantId } }, page: { id: 'cases', frameContext: 'content' } });
  const script = `
    var TOKEN = ${JSON.stringify(token)};
    var RUNTIME = ${JSON.stringify(runtime)};
    var CONTEXT = ${context};
    window.hostLog = [];
    window.addEventListener('message', function (ev) {
      var m = ev.data;
      if (!m || typeof m.func !== 'string' || typeof m.id !== 'number') return;
      window.hostLog.push(m.func);
      var args;
      if (m.func === 'initialize') args = ['content', 'web', RUNTIME, '2.58.0'];
      else if (m.func === 'authentication.getAuthToken') args = [true, TOKEN];
      else if (m.func === 'getContext') args = [CONTEXT];
      else args = [true];
      ev.source.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args: args }, ev.origin);
    });`;
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Microsoft Teams (test host)</title>
<style>body{margin:0} iframe{border:0;width:100%;height:100vh}</style></head>
<body><iframe id="tab" title="Complaints cases" src="${BOT_ORIGIN}/tab"></iframe><script>${script}</script></body></html>`;
}
