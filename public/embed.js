/*
 * The council's website adds the chat with one tag:
 *   <script src="https://<bot host>/embed.js" defer></script>
 * This adds a "Chat with us" button; it opens a panel with the chat page in an iframe (so the
 * chat's own styles, scripts and storage stay separate from the site's). Styles come from
 * embed.css on the bot's host, so no inline styles are needed under a site's CSP.
 */
(function () {
  'use strict';
  if (window.__councilChatEmbedded) return;
  window.__councilChatEmbedded = true;

  var config = {{CONFIG_JSON}};
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src).origin : config.origin;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function mount() {
    var css = el('link', { rel: 'stylesheet', href: origin + '/embed.css' });
    document.head.appendChild(css);

    var launcher = el('button', { type: 'button', class: 'cfb-launcher', 'aria-expanded': 'false', 'aria-controls': 'cfb-panel' }, config.launcherText);
    var panel = el('div', { id: 'cfb-panel', class: 'cfb-panel', role: 'dialog', 'aria-label': config.title + ': chat' });
    panel.hidden = true;
    var close = el('button', { type: 'button', class: 'cfb-close' }, 'Close chat');
    var frame = el('iframe', { class: 'cfb-frame', title: config.title + ': chat', allow: 'clipboard-write' });

    function open() {
      if (!frame.src) frame.src = origin + '/chat?embed=1';
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      frame.focus();
    }
    function shut() {
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      launcher.focus();
    }
    launcher.addEventListener('click', function () { (panel.hidden ? open : shut)(); });
    close.addEventListener('click', shut);
    panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') shut(); });

    panel.appendChild(close);
    panel.appendChild(frame);
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
})();
