/* The staff tab: runs only inside Teams, where it signs in silently (Teams SSO) and calls the
   bot's /api/tab/* with the token. Everything is built with textContent: case text is never HTML. */
/* global microsoftTeams */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var state = { me: null, token: null };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function say(text) { $('status').textContent = text || ''; }
  function formatDate(iso) {
    if (!iso) return '—';
    return new Date(String(iso).length === 10 ? iso + 'T12:00:00Z' : iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
  }
  function slaText(c) {
    if (!c.sla) return 'Nothing due';
    var d = c.workingDaysLeft;
    if (c.sla === 'overdue') return 'Overdue' + (d !== null ? ' by ' + Math.abs(d) + ' working day' + (Math.abs(d) === 1 ? '' : 's') : '');
    return (c.sla === 'due_soon' ? 'Due soon' : 'On track') + (d !== null ? ' (' + d + ' working day' + (d === 1 ? '' : 's') + ' left)' : '');
  }
  function withTimeout(promise, ms) {
    return Promise.race([promise, new Promise(function (_r, reject) { setTimeout(function () { reject(new Error('timeout')); }, ms); })]);
  }

  async function token(fresh) {
    if (!state.token || fresh) state.token = await microsoftTeams.authentication.getAuthToken();
    return state.token;
  }
  async function call(path, init, retried) {
    var headers = { authorization: 'Bearer ' + (await token(retried)) };
    if (init && init.body) headers['content-type'] = 'application/json';
    var res = await fetch(path, { method: (init && init.method) || 'GET', body: init && init.body, headers: headers });
    if (res.status === 401 && !retried) return call(path, init, true);
    if (!res.ok) {
      var err = await res.json().catch(function () { return {}; });
      throw new Error(err.error || 'Something went wrong. Please try again.');
    }
    return res;
  }
  async function api(path, init) { return (await call(path, init)).json(); }
  /** A download: the API needs the token, so the file is fetched and handed to the browser as a blob. */
  async function fetchFile(path) {
    var res = await call(path);
    var name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '');
    return { blob: await res.blob(), filename: name ? name[1] : 'export' };
  }

  function fillSelect(select, options) {
    options.forEach(function (o) { var opt = el('option', o.label); opt.value = o.value; select.appendChild(opt); });
  }

  function show(view) {
    ['queue-view', 'case-view', 'reports-view', 'annual-view', 'learning-view'].forEach(function (id) { $(id).hidden = id !== view; });
    $('show-learning').setAttribute('aria-pressed', String(view === 'learning-view'));
    $('show-queue').setAttribute('aria-pressed', String(view === 'queue-view' || view === 'case-view'));
    $('show-reports').setAttribute('aria-pressed', String(view === 'reports-view'));
    $('show-annual').setAttribute('aria-pressed', String(view === 'annual-view'));
  }
  /** The first calendar year of the current UK financial year (April to March). */
  function financialYearStart() {
    var now = new Date();
    return now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  }
  // For the annual report's script (annual.js).
  window.cfbTab = { api: api, fetchFile: fetchFile, el: el, say: say, formatDate: formatDate, financialYearStart: financialYearStart };

  async function loadQueue() {
    var form = new FormData($('filters'));
    var params = new URLSearchParams();
    form.forEach(function (v, k) { if (v) params.set(k, String(v)); });
    say('Loading cases…');
    try {
      var data = await api('/api/tab/queue?' + params.toString());
      var rows = $('queue-rows');
      rows.replaceChildren();
      data.cases.forEach(function (c) {
        var tr = el('tr');
        var open = el('button', c.reference);
        open.type = 'button';
        open.addEventListener('click', function () { loadCase(c.reference); });
        var first = el('td'); first.appendChild(open); tr.appendChild(first);
        // Housing hazards (Awaab's Law) come first in the queue and say so.
        tr.appendChild(el('td', (c.hazard === 'emergency' ? 'Emergency hazard · ' : c.hazard === 'significant' ? 'Hazard · ' : '') + c.kindLabel, c.hazard ? 'hazard-' + c.hazard : ''));
        tr.appendChild(el('td', c.stageLabel));
        tr.appendChild(el('td', c.dueOn ? (c.dueKind === 'acknowledge' ? 'Acknowledge by ' : 'Respond by ') + formatDate(c.dueOn) : '—'));
        tr.appendChild(el('td', slaText(c), c.sla ? 'sla-' + c.sla : ''));
        tr.appendChild(el('td', c.assignee ? c.assignee.name : 'Nobody yet'));
        rows.appendChild(tr);
      });
      say(data.cases.length ? '' : 'No open cases match these filters.');
    } catch (err) { say(err.message); }
  }

  async function loadCase(reference) {
    say('Loading ' + reference + '…');
    try {
      var data = await api('/api/tab/cases/' + encodeURIComponent(reference));
      var c = data.case;
      $('case-title').textContent = c.reference + ' · ' + c.kindLabel;
      var facts = $('case-facts');
      facts.replaceChildren();
      var rows = [
        ['Stage', c.stageLabel + ': ' + c.statusLabel],
        ['Deadline', c.dueOn ? (c.dueKind === 'acknowledge' ? 'Acknowledge by ' : 'Respond by ') + formatDate(c.dueOn) + ' (' + slaText(c) + ')' : 'Nothing due'],
        ['Priority', c.priority],
        ['Service area', c.serviceAreas.join(', ') || 'Not known yet'],
        ['Received', formatDate(c.receivedOn)],
        ['Assigned to', c.assignee ? c.assignee.name : 'Nobody yet'],
      ];
      if (c.hazard) rows.unshift(['Hazard', c.hazard.title + '. ' + c.hazard.deadlines.join('; ')]);
      if (c.flags.safeguarding) rows.push(['Safeguarding', 'A concern was flagged']);
      // The danger question, when it was asked: a yes is marked for attention, as on the card.
      if (c.danger) rows.push(['Danger question', c.danger.text, c.danger.attention ? 'attention' : '']);
      if (c.flags.adjustments.length) rows.push(['Adjustments', c.flags.adjustments.join(', ').replace(/_/g, ' ')]);
      if (c.resident) rows.push(['Resident', c.resident.anonymous ? 'Anonymous' : (c.resident.name || 'Not given') + ', prefers ' + c.resident.preferredContact]);
      rows.forEach(function (r) { facts.appendChild(el('dt', r[0])); facts.appendChild(el('dd', r[1], r[2])); });
      $('case-description').textContent = c.description;
      showEvidence(c.reference, c.evidence);
      var list = $('case-timeline');
      list.replaceChildren();
      data.timeline.forEach(function (t) {
        var li = el('li');
        li.appendChild(el('div', formatDate(t.at) + ' · ' + t.by, 'when'));
        li.appendChild(el('div', t.what));
        if (t.text) li.appendChild(el('blockquote', t.text));
        list.appendChild(li);
      });
      show('case-view');
      say('');
      $('case-title').focus();
    } catch (err) { say(err.message); }
  }

  function fileSize(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
  }
  /** Only handlers get the list (null for triage). Names are the resident's: textContent only. */
  function showEvidence(reference, files) {
    var box = $('case-evidence-box'), list = $('case-evidence');
    list.replaceChildren();
    box.hidden = !files || !files.length;
    (files || []).forEach(function (f) {
      var li = el('li');
      var kind = f.purpose === 'authorisation' ? 'Written agreement' : f.contentType.indexOf('image/') === 0 ? 'Photo' : 'Document';
      li.appendChild(el('span', kind + ': ' + f.filename + ' (' + fileSize(f.size) + ') '));
      var open = el('button', 'Open');
      open.type = 'button';
      open.setAttribute('aria-label', 'Open ' + f.filename);
      open.addEventListener('click', async function () {
        try {
          // The API needs the tab's token, so the file is fetched and handed to the browser as a blob.
          var res = await fetchFile('/api/tab/cases/' + encodeURIComponent(reference) + '/evidence/' + encodeURIComponent(f.fileId));
          var a = document.createElement('a');
          a.href = URL.createObjectURL(res.blob);
          a.download = f.filename;
          document.body.appendChild(a); a.click(); a.remove();
          setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
        } catch (err) { say(err.message); }
      });
      li.appendChild(open);
      list.appendChild(li);
    });
  }

  function quarters() {
    var now = new Date();
    var y = now.getUTCFullYear(), m = now.getUTCMonth() + 1;
    var start = m >= 4 ? y : y - 1, q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
    var out = [];
    for (var i = 0; i < 4; i++) {
      out.push(start + '-' + String((start + 1) % 100).padStart(2, '0') + ' Q' + q);
      q -= 1; if (q === 0) { q = 4; start -= 1; }
    }
    return out;
  }

  function chart(title, entries, unit) {
    var box = el('section', null, 'chart');
    box.appendChild(el('h3', title));
    var max = Math.max(1, ...entries.map(function (e) { return e[1] || 0; }));
    if (!entries.length) box.appendChild(el('p', 'Nothing in this quarter.'));
    entries.forEach(function (e) {
      var row = el('div', null, 'bar-row');
      row.appendChild(el('span', e[0]));
      var bar = el('div', null, 'bar');
      bar.setAttribute('role', 'img');
      bar.setAttribute('aria-label', e[0] + ': ' + (e[1] === null ? 'no data' : e[1] + (unit || '')));
      var fill = el('span');
      fill.style.width = (unit === '%' ? (e[1] || 0) : ((e[1] || 0) / max) * 100) + '%';
      bar.appendChild(fill);
      row.appendChild(bar);
      row.appendChild(el('span', e[1] === null ? '—' : e[1] + (unit || '')));
      box.appendChild(row);
    });
    return box;
  }
  function label(key) { return key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' '); }
  function entries(obj) { return Object.keys(obj).map(function (k) { return [label(k), obj[k]]; }).sort(function (a, b) { return b[1] - a[1]; }); }

  async function loadReport() {
    say('Loading the report…');
    try {
      var r = await api('/api/tab/reports?quarter=' + encodeURIComponent($('quarter').value));
      var out = $('report');
      out.replaceChildren();
      out.appendChild(el('p', r.received.total + ' received from ' + formatDate(r.period.from) + ' to ' + formatDate(r.period.to) + '.'));
      out.appendChild(chart('Received, by kind', entries(r.received.byKind)));
      out.appendChild(chart('Received, by service area', entries(r.received.byServiceArea)));
      out.appendChild(chart('Received, by channel', entries(r.received.byChannel)));
      var t = r.timeliness;
      out.appendChild(chart('Answered on time', [
        ['Service requests', t.serviceRequests.respondedOnTimePercent],
        ['Stage 1 acknowledged', t.stage1.acknowledgedOnTimePercent],
        ['Stage 1 responded', t.stage1.respondedOnTimePercent],
        ['Stage 2 acknowledged', t.stage2.acknowledgedOnTimePercent],
        ['Stage 2 responded', t.stage2.respondedOnTimePercent],
      ], '%'));
      out.appendChild(chart('Stage 1 decisions', entries(t.stage1.decisions)));
      say('');
    } catch (err) { say(err.message); }
  }

  function showOutside() {
    $('outside').hidden = false;
    $('app').hidden = true;
  }

  /** Where reports go in the council's works system, and what could not be mapped (only when Open311 is set up). */
  async function loadWorks() {
    var w;
    try { w = await api('/api/tab/open311'); } catch (e) { return; }
    $('works').hidden = false;
    $('works-summary').textContent = w.lastError && !w.discoveredAt
      ? 'The works system at ' + w.endpoint + ' could not be read: ' + w.lastError
      : w.services.length + ' services at ' + w.endpoint + (w.discoveredAt ? ', read ' + formatDate(String(w.discoveredAt).slice(0, 10)) : '') + '.';
    var list = $('works-unmapped');
    list.textContent = '';
    w.unmappedAreas.forEach(function (a) { list.appendChild(el('li', 'Not mapped to any service: ' + label(a) + '. Reports about it stay with staff.')); });
    w.unknownCodes.forEach(function (c) { list.appendChild(el('li', 'The policy pack names service code ' + c + ', which the works system does not offer.')); });
  }

  async function start() {
    var framed = window.parent !== window || !!window.nativeInterface;
    if (!framed || !window.microsoftTeams) return showOutside();
    try {
      await withTimeout(microsoftTeams.app.initialize(), 5000);
    } catch (e) { return showOutside(); }
    $('outside').hidden = true;
    $('app').hidden = false;
    try {
      state.me = await api('/api/tab/me');
    } catch (err) { say(err.message); return; }
    var f = $('filters');
    fillSelect(f.stage, state.me.options.stages);
    fillSelect(f.kind, state.me.options.kinds);
    fillSelect(f.sla, state.me.options.slas);
    fillSelect(f.serviceArea, state.me.options.serviceAreas);
    fillSelect(f.assignee, state.me.staff.map(function (s) { return { value: s.id, label: s.name }; }));
    f.addEventListener('change', loadQueue);
    $('show-queue').addEventListener('click', function () { show('queue-view'); loadQueue(); });
    $('back').addEventListener('click', function () { show('queue-view'); });
    // The learning register (learning.js): every member of staff, who may own its actions.
    $('show-learning').hidden = false;
    window.cfbLearning.init(state.me);
    $('show-learning').addEventListener('click', function () { show('learning-view'); window.cfbLearning.load(); });
    if (state.me.roles.indexOf('manager') >= 0) {
      $('show-reports').hidden = false;
      fillSelect($('quarter'), quarters().map(function (q) { return { value: q, label: q }; }));
      $('quarter').addEventListener('change', loadReport);
      $('show-reports').addEventListener('click', function () { show('reports-view'); loadReport(); });
      $('show-annual').hidden = false;
      window.cfbAnnual.init();
      $('show-annual').addEventListener('click', function () { show('annual-view'); window.cfbAnnual.load(); });
    }
    $('case-title').tabIndex = -1;
    loadQueue();
    if (state.me.worksSystem) loadWorks();
  }

  start();
})();
