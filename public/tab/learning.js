/* The learning register in the staff tab: what staff recorded as learnt from cases, each action
   with its owner, due date and status (overdue first), filtered by year, quarter, status, service
   area and theme, with the counts by service area and theme above the list. Built with textContent
   only: nothing from the server is read as HTML. Uses the helpers tab.js puts on window.cfbTab. */
/* global cfbTab */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var STATUS = { overdue: 'Overdue', open: 'Open', done: 'Done', no_action: 'No action needed' };
  var ORDER = ['overdue', 'open', 'done', 'no_action'];
  var areas = {};

  function el(tag, text, cls) { return cfbTab.el(tag, text, cls); }
  function areaLabel(v) { return areas[v] || String(v).replace(/_/g, ' '); }

  function table(caption, head, rows, cellClass) {
    var t = el('table', null, 'figures');
    t.appendChild(el('caption', caption));
    var thead = el('thead'), tr = el('tr');
    head.forEach(function (h) { var th = el('th', h); th.scope = 'col'; tr.appendChild(th); });
    thead.appendChild(tr); t.appendChild(thead);
    var body = el('tbody');
    rows.forEach(function (r, ri) {
      var row = el('tr');
      r.forEach(function (c, i) {
        var cell = i === 0 ? el('th', c) : el('td', c === null || c === undefined ? '—' : String(c));
        if (i === 0) cell.scope = 'row';
        var cls = cellClass && cellClass(ri, i);
        if (cls) cell.className = cls;
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
    t.appendChild(body);
    return t;
  }

  function countsTable(caption, first, group, label) {
    var keys = Object.keys(group).sort();
    if (!keys.length) return el('p', 'Nothing recorded for this period.');
    return table(caption, [first].concat(ORDER.map(function (s) { return STATUS[s]; })), keys.map(function (k) {
      return [label ? label(k) : k].concat(ORDER.map(function (s) { return group[k][s]; }));
    }));
  }

  function query() {
    var f = $('learning-filters'), parts = [];
    ['year', 'quarter', 'status', 'serviceArea', 'theme'].forEach(function (n) {
      var v = f.elements[n].value.trim();
      if (v) parts.push(n + '=' + encodeURIComponent(v));
    });
    return parts.join('&');
  }

  async function load() {
    cfbTab.say('Loading the learning register…');
    try {
      var data = await cfbTab.api('/api/tab/learning?' + query());
      var out = $('learning-register');
      out.replaceChildren();
      var r = data.reporting;
      $('learning-reporting').textContent = r
        ? 'Our policy: learning from complaints is reported to the ' + r.reportTo + ' every ' + r.reportEvery + ' (' + r.source.section + ').'
        : '';
      var s = data.summary;
      out.appendChild(el('p', s.total + ' learning points in ' + data.financialYear + (data.quarter ? ' ' + data.quarter : '') + ': ' +
        ORDER.map(function (k) { return s.byStatus[k] + ' ' + STATUS[k].toLowerCase(); }).join(', ') + '.'));
      out.appendChild(countsTable('Learning points by service area and status', 'Service area', s.byServiceArea, areaLabel));
      out.appendChild(countsTable('Learning points by theme and status', 'Theme', s.byTheme));
      var entries = data.entries;
      if (!entries.length) { out.appendChild(el('p', 'No learning points match.')); cfbTab.say(''); return; }
      out.appendChild(table('Learning points, overdue actions first', ['Case', 'Theme', 'Service area', 'What was learnt', 'Action', 'Owner', 'Due', 'Status'], entries.map(function (e) {
        var a = e.action;
        return [e.reference + ' ' + e.pointId, e.theme, areaLabel(e.serviceArea), e.detail, a ? a.text : 'None needed', a ? a.owner.name : null,
          a ? cfbTab.formatDate(a.dueOn) : null, STATUS[e.status] + (a && a.doneOn ? ' on ' + cfbTab.formatDate(a.doneOn) : '')];
      }), function (ri, i) { return i === 7 ? 'status-' + entries[ri].status : null; }));
      cfbTab.say('');
    } catch (err) { cfbTab.say(err.message); }
  }

  window.cfbLearning = {
    init: function (me) {
      var f = $('learning-filters');
      var now = cfbTab.financialYearStart();
      for (var y = now; y > now - 4; y--) { var o = el('option', y + '-' + String((y + 1) % 100).padStart(2, '0')); o.value = o.textContent; f.elements.year.appendChild(o); }
      ((me.options && me.options.serviceAreas) || []).forEach(function (a) { areas[a.value] = a.label; var o = el('option', a.label); o.value = a.value; f.elements.serviceArea.appendChild(o); });
      f.addEventListener('submit', function (ev) { ev.preventDefault(); load(); });
      f.elements.year.addEventListener('change', load);
      f.elements.quarter.addEventListener('change', load);
      f.elements.status.addEventListener('change', load);
      f.elements.serviceArea.addEventListener('change', load);
    },
    load: load,
  };
})();
