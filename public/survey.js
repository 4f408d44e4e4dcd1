/* The satisfaction survey page: reads the signed link's token from the address, asks the bot for
   the case's survey (or why there is none), sends the answers as JSON, and shows how to take the
   matter further whatever happens. Text from the server is set with textContent only. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var token = new URLSearchParams(window.location.search).get('t') || '';

  function say(text, problem) {
    $('status').textContent = text;
    $('status').className = problem ? 'problem' : '';
  }
  function nextSteps(lines) {
    var box = $('next-steps');
    box.replaceChildren();
    (lines || []).forEach(function (l) { var p = document.createElement('p'); p.textContent = l; box.appendChild(p); });
    $('next').hidden = !(lines && lines.length);
  }
  async function call(method, body) {
    var res = await fetch('/api/survey' + (method === 'GET' ? '?t=' + encodeURIComponent(token) : ''), {
      method: method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    var data = {};
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    return { ok: res.ok, data: data };
  }

  async function start() {
    var r = await call('GET');
    if (!r.ok) { say(r.data.error || 'Something went wrong. Please try again later.', true); nextSteps(r.data.nextSteps); return; }
    $('about').textContent = r.data.about;
    nextSteps(r.data.nextSteps);
    say('');
    $('survey').hidden = false;
  }

  $('survey').addEventListener('submit', async function (ev) {
    ev.preventDefault();
    var f = ev.target;
    var body = { token: token };
    var missing = [];
    ['handling', 'outcome', 'easyToComplain'].forEach(function (q) {
      var chosen = f.querySelector('input[name="' + q + '"]:checked');
      if (chosen) body[q] = chosen.value; else missing.push(f.querySelector('input[name="' + q + '"]').closest('fieldset').querySelector('legend').textContent);
    });
    if (missing.length) { say('Please answer: ' + missing.join(' '), true); f.querySelector('input[name="' + (body.handling ? body.outcome ? 'easyToComplain' : 'outcome' : 'handling') + '"]').focus(); return; }
    if (f.comment.value.trim()) body.comment = f.comment.value;
    var r = await call('POST', body);
    if (r.ok) { f.hidden = true; say(r.data.message); nextSteps(r.data.nextSteps); $('status').focus(); return; }
    say(r.data.error || 'Something went wrong. Please try again later.', true);
    if (r.data.reason === 'already_answered' || r.data.reason === 'expired') f.hidden = true;
  });

  $('status').tabIndex = -1;
  start().catch(function () { say('Something went wrong. Please try again later.', true); });
})();
