/*
 * Starts Web Chat on the page. The server tells us where to connect (our own Direct Line, or
 * Azure's with a token it fetched for us) through the JSON in #chat-config. The conversation id
 * and the latest token are kept in sessionStorage, so reloading the page carries on the same
 * conversation (Web Chat replays its history), but closing the tab forgets it: on a shared
 * computer the next person does not see what was written.
 *
 * Opened from a handoff link (/chat?handoff=<token>, given to a resident on social media), the
 * page starts a new conversation and sends the token to the bot as a `handoff` event, so the bot
 * carries on from what was said there. The token is removed from the address bar at once, so a
 * reload, a bookmark or a shared screenshot does not carry it.
 */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('chat-config').textContent);
  var KEY = 'council-chat:' + config.storageKey;
  var statusEl = document.getElementById('chat-status');
  var chatEl = document.getElementById('chat');

  function takeHandoffFromUrl() {
    try {
      var url = new URL(window.location.href);
      var token = url.searchParams.get('handoff');
      if (!token) return null;
      url.searchParams.delete('handoff');
      window.history.replaceState(null, '', url.pathname + url.search + url.hash);
      return /^[A-Za-z0-9._-]{20,2048}$/.test(token) ? token : null;
    } catch (e) {
      return null;
    }
  }

  var handoff = takeHandoffFromUrl();

  function say(text) {
    statusEl.textContent = text;
  }

  function load() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
      return saved && saved.token && saved.conversationId && saved.domain ? saved : null;
    } catch (e) {
      return null;
    }
  }

  function store(session) {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(session));
    } catch (e) {
      /* private browsing: the chat still works, it just won't survive a reload */
    }
  }

  function postJson(url, token, body) {
    var headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body) headers['Content-Type'] = 'application/json';
    return fetch(url, { method: 'POST', headers: headers, credentials: 'omit', body: body ? JSON.stringify(body) : undefined }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) throw new Error(body.error || 'The chat could not connect (' + res.status + ').');
        return body;
      });
    });
  }

  /** Resume the saved conversation with a refreshed token, or get a token for a new one. */
  function session() {
    var saved = handoff ? null : load(); // a handoff link starts a new conversation
    var fresh = function () {
      return postJson(config.tokenUrl, null, handoff ? { handoff: handoff } : null).then(function (t) {
        // Our own Direct Line hands the link to the bot when the conversation starts; Azure's
        // cannot, so then the page sends it as an event once connected (below).
        if (t.handoff === 'carried') handoff = null;
        return { token: t.token, conversationId: t.conversationId, userId: t.userId, domain: t.domain, resumed: false };
      });
    };
    if (!saved) return fresh();
    return postJson(saved.domain + '/tokens/refresh', saved.token).then(
      function (t) {
        if (t.conversationId !== saved.conversationId) return fresh();
        return { token: t.token, conversationId: saved.conversationId, userId: saved.userId, domain: saved.domain, resumed: true };
      },
      fresh,
    );
  }

  function start() {
    if (!window.WebChat) {
      say('Sorry, the chat could not load. Please reload the page.');
      return;
    }
    say('Connecting…');
    session().then(
      function (s) {
        var options = { token: s.token, domain: s.domain, webSocket: true };
        // With a conversation id Web Chat reconnects (GET conversations/{id}) and replays its history.
        if (s.resumed) options.conversationId = s.conversationId;
        var directLine = window.WebChat.createDirectLine(options);
        var keep = function () {
          store({ token: directLine.token || s.token, conversationId: directLine.conversationId || s.conversationId, userId: s.userId, domain: s.domain });
        };
        directLine.connectionStatus$.subscribe(function (status) {
          // 2 = online, 4 = failed to connect, 5 = ended (see botframework-directlinejs ConnectionStatus)
          if (status === 2) {
            say('');
            keep();
          } else if (status === 4 || status === 5) {
            say('Sorry, the chat has lost its connection. Reload the page to try again.');
          }
        });
        directLine.activity$.subscribe(keep); // keeps the token Web Chat refreshes every 15 minutes
        window.addEventListener('pagehide', keep);

        // Once connected, hand the bot the link's token (once: a reconnect must not send it again).
        var webChatStore = window.WebChat.createStore({}, function (api) {
          return function (next) {
            return function (action) {
              if (handoff && action.type === 'DIRECT_LINE/CONNECT_FULFILLED') {
                var token = handoff;
                handoff = null;
                setTimeout(function () {
                  api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'handoff', value: token } });
                }, 0);
              }
              return next(action);
            };
          };
        });

        window.WebChat.renderWebChat(
          {
            directLine: directLine, // the user id travels inside the token
            store: webChatStore,
            locale: 'en-GB',
            styleOptions: config.styleOptions,
          },
          chatEl,
        );
      },
      function (err) {
        say('Sorry, the chat is not available right now. ' + (err && err.message ? err.message : 'Please try again later.'));
      },
    );
  }

  document.getElementById('new-chat').addEventListener('click', function () {
    try {
      sessionStorage.removeItem(KEY);
    } catch (e) {
      /* nothing saved */
    }
    window.location.reload();
  });

  start();
})();
