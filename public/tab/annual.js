/* The annual complaints report and Code self-assessment in the staff tab (managers). Charts are
   inline SVG drawn from the figures (printable; hidden from screen readers, which read the same
   figures from the table under each chart). The page prints to PDF from the browser (print CSS in
   tab.css). Everything is built with textContent: nothing from the server is read as HTML.
   Sections are renderers in SECTIONS, so a new section of the report (the satisfaction survey) is
   one more entry. Uses the helpers tab.js puts on window.cfbTab. */
/* global cfbTab */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var state = { data: null, serial: 0 };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, text, cls) { return cfbTab.el(tag, text, cls); }
  function label(key) { return String(key).charAt(0).toUpperCase() + String(key).slice(1).replace(/_/g, ' '); }
  function pct(r) { return !r || r.percent === null ? '—' : r.percent + '%'; }
  function ratioText(r) { return !r ? 'Not applicable' : r.of === 0 ? 'None to count' : r.met + ' of ' + r.of + ' (' + r.percent + '%)'; }
  function pairs(obj) { return Object.keys(obj || {}).map(function (k) { return [label(k), obj[k]]; }); }

  function svgEl(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function table(caption, head, rows, hidden) {
    var t = el('table', null, hidden ? 'chart-data visually-hidden' : 'figures');
    t.appendChild(el('caption', caption));
    var thead = el('thead'); var tr = el('tr');
    head.forEach(function (h) { var th = el('th', h); th.scope = 'col'; tr.appendChild(th); });
    thead.appendChild(tr); t.appendChild(thead);
    var body = el('tbody');
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (c, i) { if (i === 0) { var th = el('th', c); th.scope = 'row'; row.appendChild(th); } else row.appendChild(el('td', c === null || c === undefined ? '—' : c)); });
      body.appendChild(row);
    });
    t.appendChild(body);
    return t;
  }

  /** A horizontal bar chart as SVG, with its figures as a table (the accessible version). */
  function chart(title, entries, unit) {
    var fig = el('figure', null, 'chart');
    var id = 'chart-' + (++state.serial);
    var cap = el('figcaption', title); cap.id = id;
    fig.appendChild(cap);
    fig.setAttribute('aria-labelledby', id);
    if (!entries.length) { fig.appendChild(el('p', 'Nothing to show for this period.')); return fig; }
    var rowH = 26, labelW = 210, barW = 330, width = labelW + barW + 70;
    var max = unit === '%' ? 100 : Math.max.apply(null, entries.map(function (e) { return e[1] || 0; }).concat([1]));
    var svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + (entries.length * rowH + 8), width: width, height: entries.length * rowH + 8, 'aria-hidden': 'true', focusable: 'false', 'class': 'chart-svg' });
    entries.forEach(function (e, i) {
      var y = i * rowH + 4, v = e[1] || 0;
      svg.appendChild(svgEl('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', 'class': 'chart-label' }, e[0]));
      svg.appendChild(svgEl('rect', { x: labelW, y: y + 3, width: barW, height: 18, 'class': 'chart-track' }));
      svg.appendChild(svgEl('rect', { x: labelW, y: y + 3, width: Math.round((v / max) * barW), height: 18, 'class': 'chart-bar' }));
      svg.appendChild(svgEl('text', { x: labelW + barW + 6, y: y + 16, 'class': 'chart-value' }, e[1] === null ? '—' : e[1] + (unit || '')));
    });
    fig.appendChild(svg);
    fig.appendChild(table(title, ['What', unit === '%' ? 'Per cent' : 'Number'], entries.map(function (e) { return [e[0], e[1] === null ? null : e[1] + (unit || '')]; }), true));
    return fig;
  }

  function section(title, id) {
    var s = el('section', null, 'report-section');
    var h = el('h3', title); h.id = id; s.setAttribute('aria-labelledby', id);
    s.appendChild(h);
    return s;
  }

  function stageRows(t) {
    var stages = [['Stage 1', t.stage1], ['Stage 2', t.stage2], ['Service requests', t.serviceRequests]].filter(function (s) { return s[1]; });
    return stages.map(function (s) {
      var f = s[1];
      var ext = f.extensions.extended ? f.extensions.extended + ' (average ' + f.extensions.averageWorkingDays + ', longest ' + f.extensions.longestWorkingDays + ' working days; ' + f.extensions.beyondCodeLimit + ' longer than the Code allows)' : 'None';
      return [s[0], f.received, ratioText(f.acknowledgedOnTime), ratioText(f.acknowledgedWithinCode), ratioText(f.respondedOnTime), ratioText(f.respondedWithinCode), f.averageWorkingDaysToRespond, ext];
    });
  }

  var SECTIONS = [
    function volumes(r) {
      var s = section('What we received', 'sec-volumes');
      s.appendChild(el('p', r.received.total + ' received from ' + cfbTab.formatDate(r.period.from) + ' to ' + cfbTab.formatDate(r.period.to) + '.'));
      s.appendChild(chart('Received, by kind', pairs(r.received.byKind)));
      s.appendChild(chart('Complaints and requests, by stage', [['Service requests', r.received.byStage.service_request], ['Stage 1 complaints', r.received.byStage.stage1], ['Stage 2 reviews', r.received.byStage.stage2], ['Referred to an ombudsman', r.received.byStage.ombudsman]]));
      s.appendChild(chart('Received, by service area', pairs(r.received.byServiceArea)));
      s.appendChild(chart('Received, by channel', pairs(r.received.byChannel)));
      if (!r.quarter) s.appendChild(chart('Received, by quarter', Object.keys(r.received.byQuarter).map(function (q) { return [q, r.received.byQuarter[q]]; })));
      return s;
    },
    function timeliness(r) {
      var s = section('How quickly we answered', 'sec-timeliness');
      s.appendChild(el('p', 'On time by our policy counts against the deadlines in our complaints policy, including any extension it allows. Within the Code counts the Complaint Handling Code’s own timescales: acknowledged within 5 working days, answered within 10 (stage 1) or 20 (stage 2) working days of acknowledgement, or within the Code’s longest extension where one was given.'));
      s.appendChild(table('Timeliness by stage', ['Stage', 'Received', 'Acknowledged on time (policy)', 'Acknowledged within the Code', 'Answered on time (policy)', 'Answered within the Code', 'Average working days to answer', 'Extended'], stageRows(r.timeliness)));
      var t = r.timeliness, bars = [['Stage 1 acknowledged within the Code', t.stage1.acknowledgedWithinCode.percent], ['Stage 1 answered within the Code', t.stage1.respondedWithinCode.percent]];
      if (t.stage2) bars.push(['Stage 2 acknowledged within the Code', t.stage2.acknowledgedWithinCode.percent], ['Stage 2 answered within the Code', t.stage2.respondedWithinCode.percent]);
      bars.push(['Service requests answered on time', t.serviceRequests.respondedOnTime.percent]);
      s.appendChild(chart('Answered within the timescales', bars, '%'));
      return s;
    },
    function outcomes(r) {
      var s = section('Escalations and outcomes', 'sec-outcomes');
      var e = r.escalations;
      s.appendChild(el('p', e.escalatedToStage2 ? e.escalatedToStage2.met + ' stage 2 reviews were asked for, against ' + e.stage1Responded + ' stage 1 responses (' + pct(e.escalatedToStage2) + '). ' + e.serviceRequestsBecameComplaints + ' service requests became complaints.' : e.serviceRequestsBecameComplaints + ' service requests became complaints.'));
      s.appendChild(chart('Stage 1 decisions', pairs(r.outcomes.stage1)));
      if (r.outcomes.stage2) s.appendChild(chart('Stage 2 decisions', pairs(r.outcomes.stage2)));
      return s;
    },
    function notHandled(r) {
      var s = section('Matters not handled as complaints', 'sec-not-handled');
      var n = r.notHandled;
      var c = n.conversations;
      if (c) {
        s.appendChild(el('p', c.total + ' times a conversation was signposted elsewhere; ' + c.withoutCase.total + ' of them ended there, with no case opened.'));
        s.appendChild(chart('Conversations signposted elsewhere, by reason', pairs(c.byRoute)));
        s.appendChild(table('Conversations signposted elsewhere, by reason', ['Reason', 'Conversations', 'No case opened'], Object.keys(c.byRoute).map(function (k) { return [label(k), c.byRoute[k], c.withoutCase.byRoute[k] || 0]; })));
      }
      s.appendChild(table('Cases whose conversation also signposted matters elsewhere, by reason', ['Reason', 'Cases'], pairs(n.signposted)));
      s.appendChild(table('Cases closed, by why they were closed', ['Reason', 'Cases'], pairs(n.closedByReason)));
      s.appendChild(el('p', n.outOfTimeAccepted + ' complaints were taken on although made outside the time limit, with the reason recorded. ' + n.note));
      return s;
    },
    function ombudsman(r) {
      var s = section('The Ombudsman', 'sec-ombudsman');
      s.appendChild(el('p', r.ombudsman.referred + ' cases were referred to an ombudsman; ' + r.ombudsman.closedAfterOmbudsmanDecision + ' were closed after the ombudsman’s decision.'));
      s.appendChild(table('Referrals, by ombudsman', ['Ombudsman', 'Cases'], pairs(r.ombudsman.byBody).map(function (p) { return [p[0] === 'Housing' ? 'Housing Ombudsman' : p[0] === 'Lgsco' ? 'Local Government and Social Care Ombudsman' : p[0], p[1]]; })));
      return s;
    },
    function themes(r) {
      var s = section('Themes', 'sec-themes');
      s.appendChild(chart('Complaints, by service area', pairs(r.themes.complaintsByServiceArea)));
      s.appendChild(chart('Upheld or partly upheld, by service area', pairs(r.themes.upheldByServiceArea)));
      return s;
    },
    function learning(r) {
      var s = section('What we learnt', 'sec-learning');
      s.appendChild(el('p', r.learning.recorded + ' learning points were recorded.'));
      s.appendChild(chart('Learning points, by theme', pairs(r.learning.byTheme)));
      s.appendChild(table('Learning points', ['Case', 'Theme', 'Quarter'], r.learning.points.map(function (p) { return [p.reference, p.theme, p.quarter]; })));
      if (r.learning.reporting) s.appendChild(el('p', 'Our policy reports learning to the ' + r.learning.reporting.reportTo + ' every ' + r.learning.reporting.reportEvery + ' (' + r.learning.reporting.source.section + ').'));
      var a = r.learning.actions;
      if (a) {
        var STATUS = [['overdue', 'Overdue'], ['open', 'Open'], ['done', 'Done'], ['no_action', 'No action needed']];
        s.appendChild(chart('Learning register: actions by status', STATUS.map(function (st) { return [st[1], a.byStatus[st[0]]]; })));
        s.appendChild(table('Learning register, by service area', ['Service area'].concat(STATUS.map(function (st) { return st[1]; })),
          Object.keys(a.byServiceArea).sort().map(function (k) { return [label(k)].concat(STATUS.map(function (st) { return a.byServiceArea[k][st[0]]; })); })));
        if (!r.quarter) s.appendChild(table('Learning register, by quarter', ['Quarter'].concat(STATUS.map(function (st) { return st[1]; })),
          Object.keys(a.byQuarter).sort().map(function (k) { return [k].concat(STATUS.map(function (st) { return a.byQuarter[k][st[0]]; })); })));
      }
      return s;
    },
    function survey(r) {
      var s = section('What residents told us: satisfaction survey', 'sec-survey');
      var v = r.survey;
      if (!v) { s.appendChild(el('p', 'No survey results.')); return s; }
      s.appendChild(el('p', v.answered + ' of ' + v.invited + ' residents asked answered the survey. ' + v.note));
      var Q = [['handling', 'Satisfied with how we handled it'], ['outcome', 'Satisfied with the outcome'], ['easyToComplain', 'Found it easy to complain']];
      s.appendChild(chart('Residents who said yes', Q.map(function (q) { return [q[1], v.questions[q[0]].satisfied.percent]; }), '%'));
      s.appendChild(table('Survey answers, by question', ['Question', 'Yes', 'Partly', 'No'], Q.map(function (q) { var x = v.questions[q[0]]; return [q[1], x.yes, x.partly, x.no]; })));
      if (!r.quarter) s.appendChild(table('Survey answers, by quarter', ['Quarter', 'Asked', 'Answered'].concat(Q.map(function (q) { return q[1]; })),
        Object.keys(v.byQuarter).map(function (k) { var x = v.byQuarter[k]; return [k, x.invited, x.answered].concat(Q.map(function (q) { return ratioText(x.questions[q[0]].satisfied); })); })));
      return s;
    },
  ];

  function answerForm(sa, q) {
    var form = el('form', null, 'answer-form');
    var base = 'ans-' + sa.code + '-' + q.section.replace('.', '-');
    var complies = el('select'); complies.id = base + '-complies'; complies.name = 'complies';
    [['', 'Choose…'], ['yes', 'Yes'], ['partly', 'Partly'], ['no', 'No'], ['not_applicable', 'Not applicable']].forEach(function (o) { var opt = el('option', o[1]); opt.value = o[0]; complies.appendChild(opt); });
    var evidence = el('textarea'); evidence.id = base + '-evidence'; evidence.name = 'evidence'; evidence.rows = 2;
    var improvement = el('textarea'); improvement.id = base + '-improvement'; improvement.name = 'improvement'; improvement.rows = 2;
    if (q.answer) { complies.value = q.answer.complies; evidence.value = q.answer.evidence; improvement.value = q.answer.improvement || ''; }
    [[complies, 'Do we comply?'], [evidence, 'Evidence'], [improvement, 'What we will improve (optional)']].forEach(function (f) {
      var l = el('label', f[1]); l.htmlFor = f[0].id; form.appendChild(l); form.appendChild(f[0]);
    });
    var save = el('button', 'Save answer to ' + q.section); save.type = 'submit';
    form.appendChild(save);
    var said = el('p', q.answer ? 'Answered by ' + q.answer.answeredBy + ' on ' + cfbTab.formatDate(q.answer.answeredOn) + '.' : 'Not answered yet.', 'answer-state');
    said.setAttribute('role', 'status');
    form.appendChild(said);
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      var body = { financialYear: sa.financialYear, code: sa.code, section: q.section, complies: complies.value, evidence: evidence.value };
      if (improvement.value.trim()) body.improvement = improvement.value;
      try {
        var out = await cfbTab.api('/api/tab/self-assessment/answers', { method: 'POST', body: JSON.stringify(body) });
        said.textContent = 'Saved: answered by ' + out.saved.answeredBy + '.';
      } catch (err) { said.textContent = 'Not saved: ' + err.message; }
    });
    return form;
  }

  function selfAssessment(sa) {
    var s = section('Self-assessment: ' + sa.codeName, 'sec-sa-' + sa.code);
    var csv = el('button', 'Download this self-assessment (CSV)', 'no-print'); csv.type = 'button';
    csv.addEventListener('click', function () { download('csv', 'self-assessment', sa.code); });
    s.appendChild(csv);
    s.appendChild(el('p', 'Covers ' + sa.scope + '. ' + sa.evidenced.length + ' provisions are evidenced from our case records; ' + sa.toAnswer.length + ' are for us to answer (' + sa.answered + ' answered).'));
    var t = table('Provisions evidenced from our case records', ['Provision', 'What the Code asks', 'What our records show', 'Cases that fell short'], []);
    var body = t.querySelector('tbody');
    sa.evidenced.forEach(function (p) {
      var tr = el('tr'); var th = el('th', p.section); th.scope = 'row'; tr.appendChild(th);
      tr.appendChild(el('td', p.requirement + (p.uncertain ? ' (To check against the Code: ' + p.uncertain + '.)' : ''))); tr.appendChild(el('td', p.statement));
      tr.appendChild(el('td', p.shortfalls.length ? p.shortfalls.join(', ') : 'None'));
      body.appendChild(tr);
    });
    s.appendChild(t);
    s.appendChild(el('h4', 'Provisions for us to answer'));
    var list = el('ol', null, 'to-answer');
    sa.toAnswer.forEach(function (q) {
      var li = el('li');
      li.appendChild(el('p', q.section + ': ' + q.requirement, 'requirement'));
      if (q.hint) li.appendChild(el('p', q.hint, 'hint'));
      if (q.uncertain) li.appendChild(el('p', 'To check against the Code: ' + q.uncertain + '.', 'hint'));
      li.appendChild(answerForm(sa, q));
      if (q.answer) li.appendChild(el('p', 'Answer: ' + label(q.answer.complies) + '. ' + q.answer.evidence + (q.answer.improvement ? ' Improvement: ' + q.answer.improvement : ''), 'print-only'));
      list.appendChild(li);
    });
    s.appendChild(list);
    return s;
  }

  function query() {
    var q = 'year=' + encodeURIComponent($('annual-year').value);
    if ($('annual-period').value) q += '&quarter=' + encodeURIComponent($('annual-period').value);
    return q;
  }

  async function load() {
    cfbTab.say('Loading the annual report…');
    try {
      var data = await cfbTab.api('/api/tab/annual-report?' + query());
      state.data = data;
      var r = data.report, out = $('annual-report');
      out.replaceChildren();
      out.appendChild(el('h3', 'Complaints performance and service improvement report: ' + r.councilName + ', ' + r.financialYear + (r.quarter ? ' ' + r.quarter : ''), 'report-title'));
      out.appendChild(el('p', 'Produced on ' + cfbTab.formatDate(r.generatedOn) + ' from the case records. Figures only: no personal details.'));
      SECTIONS.forEach(function (render) { out.appendChild(render(r)); });
      data.selfAssessments.forEach(function (sa) { out.appendChild(selfAssessment(sa)); });
      cfbTab.say('');
    } catch (err) { cfbTab.say(err.message); }
  }

  async function download(format, part, code) {
    try {
      var path = '/api/tab/annual-report/export?' + query() + '&format=' + format + (part ? '&part=' + part : '') + (code ? '&code=' + code : '');
      var res = await cfbTab.fetchFile(path);
      var a = document.createElement('a');
      a.href = URL.createObjectURL(res.blob);
      a.download = res.filename;
      document.body.appendChild(a); a.click(); a.remove();
    } catch (err) { cfbTab.say(err.message); }
  }

  function years() {
    var now = cfbTab.financialYearStart(), out = [];
    for (var y = now; y > now - 4; y--) out.push(y + '-' + String((y + 1) % 100).padStart(2, '0'));
    return out;
  }

  window.cfbAnnual = {
    init: function () {
      years().forEach(function (y) { var o = el('option', y); o.value = y; $('annual-year').appendChild(o); });
      $('annual-year').addEventListener('change', load);
      $('annual-period').addEventListener('change', load);
      $('annual-print').addEventListener('click', function () { window.print(); });
      $('annual-csv').addEventListener('click', function () { download('csv', 'report'); });
      $('annual-json').addEventListener('click', function () { download('json'); });
    },
    load: load,
  };
})();
