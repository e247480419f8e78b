/**
 * The dashboard: one page, no build step, that reads the API with the key its user gives it
 * (kept in this browser tab only). Scoreboards per kind, leadership accountability, cases and
 * disputes of a cycle, a unit's items and history with running totals, and the audit view:
 * the chains, the latest signed checkpoint and the proof of any event, both checked in the
 * browser itself (WebCrypto) against the published key.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="zh-Hant">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Appraisal Ledger · 1+X</title>
<style>
  :root { --ink: #1d2733; --muted: #5b6b7c; --line: #dde3ea; --accent: #a3262a; --x: #8a5a00; --bg: #f6f7f9; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, "Noto Sans CJK TC", "PingFang TC", sans-serif; color: var(--ink); background: var(--bg); }
  header { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 18px; margin: 0 16px 0 0; }
  header h1 span { color: var(--accent); }
  input, select, button { font: inherit; padding: 5px 8px; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
  button { cursor: pointer; background: var(--ink); color: #fff; border-color: var(--ink); }
  nav { display: flex; gap: 4px; padding: 0 20px; background: #fff; border-bottom: 1px solid var(--line); }
  nav a { padding: 8px 12px; color: var(--muted); text-decoration: none; border-bottom: 2px solid transparent; }
  nav a.on { color: var(--ink); border-color: var(--accent); }
  main { padding: 16px 20px; display: grid; gap: 16px; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; overflow-x: auto; }
  h2 { font-size: 16px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { color: var(--muted); font-weight: 600; font-size: 13px; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  tr.unit { cursor: pointer; } tr.unit:hover { background: #f0f3f7; }
  .pill { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; background: #e8edf2; }
  .pill.sanctioned, .pill.removed, .pill.open { background: #fbe3e3; color: var(--accent); }
  .pill.under-review { background: #fff1d6; color: var(--x); }
  .pill.clear, .pill.resolved, .pill.withdrawn { background: #e3f3e6; color: #1f6b35; }
  .x { color: var(--x); font-weight: 600; }
  .muted { color: var(--muted); }
  .error { color: var(--accent); }
  #year { width: 6em; }
</style>
</head>
<body>
<header>
  <h1>Appraisal Ledger <span>1+X</span></h1>
  <label>API key <input id="key" type="password" size="34" placeholder="al_…" autocomplete="off"></label>
  <label>Cycle <input id="year" type="number" min="1900" max="2999" value="2007"></label>
  <button id="load">Show</button>
  <span id="status" class="muted"></span>
</header>
<nav id="tabs">
  <a href="#scoreboard" data-tab="scoreboard">Scoreboard</a>
  <a href="#accountability" data-tab="accountability">Accountability</a>
  <a href="#cases" data-tab="cases">Cases</a>
  <a href="#disputes" data-tab="disputes">Disputes</a>
  <a href="#audit" data-tab="audit">Audit</a>
</nav>
<main id="main"><section class="muted">Enter an API key (an analyst's, an auditor's or a supervisor's) and a cycle.</section></main>
<script>
const $ = (id) => document.getElementById(id);
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const pill = (v) => '<span class="pill ' + esc(v) + '">' + esc(v) + '</span>';
const table = (head, rows, numeric = []) =>
  '<table><tr>' + head.map((h, i) => '<th' + (numeric.includes(i) ? ' class="n"' : '') + '>' + esc(h) + '</th>').join('') + '</tr>' +
  rows.map((r) => '<tr' + (r.attrs || '') + '>' + r.cells.map((c, i) => '<td' + (numeric.includes(i) ? ' class="n"' : '') + '>' + c + '</td>').join('') + '</tr>').join('') + '</table>';
$('key').value = sessionStorage.getItem('ledger-key') || '';
const api = async (path) => {
  const response = await fetch('/api' + path, { headers: { Authorization: 'Bearer ' + $('key').value.trim() } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || response.statusText);
  return body;
};
const year = () => Number($('year').value);
const ago = (instant) => {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 1000));
  return seconds < 120 ? seconds + ' s ago' : seconds < 7200 ? Math.round(seconds / 60) + ' min ago' : new Date(instant).toLocaleString();
};
const bytes = (hex) => new Uint8Array(hex.match(/../g).map((h) => parseInt(h, 16)));
const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (...parts) => new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(parts.flatMap((p) => [...p]))));
/** The checkpoint's Ed25519 signature, checked here with the browser's own WebCrypto against the published key. */
const signatureHolds = async (note, publicKeyBase64) => {
  const [text, line] = note.split(/\\n\\n(?=— )/);
  const signature = Uint8Array.from(atob(line.trim().split(' ').pop()), (c) => c.charCodeAt(0)).slice(4);
  const key = await crypto.subtle.importKey('raw', Uint8Array.from(atob(publicKeyBase64), (c) => c.charCodeAt(0)), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, new TextEncoder().encode(text + '\\n'));
};
/** RFC 9162 2.1.3.2: the root an audit path leads to from a leaf, computed here. */
const rootFromPath = async (leaf, index, size, path) => {
  let fn = index, sn = size - 1, r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256([1], p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else r = await sha256([1], r, p);
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
};
const proofOf = async (eventId, latest) => {
  try {
    const proof = await api('/events/' + encodeURIComponent(eventId) + '/proof');
    const root = await rootFromPath(bytes(proof.leafHash), proof.leafIndex, proof.treeSize, proof.auditPath.map(bytes));
    const holds = root !== null && hex(root) === proof.checkpoint.rootHash;
    return '<p>Event <span class="muted">' + esc(eventId) + '</span> is leaf ' + proof.leafIndex + ' of ' + proof.treeSize + '; its audit path of ' +
      proof.auditPath.length + ' hashes ' + (holds ? pill('leads to the signed root') : '<b class="error">does not lead to the signed root</b>') + ' (checked in this browser).</p>';
  } catch (error) {
    return '<p class="error">' + esc(error.message) + '</p>';
  }
};
const views = {
  async scoreboard() {
    const rows = await api('/cycles/' + year() + '/scoreboard');
    return ['street', 'department'].map((kind) => '<section><h2>' + (kind === 'street' ? 'Street offices 街道' : 'Departments 部門') + '</h2>' +
      table(['Rank', 'Unit', 'Regular (1)', 'Key (X)', 'Total'], rows.filter((r) => r.kind === kind).map((r) => ({
        attrs: ' class="unit" data-unit="' + esc(r.unitId) + '"',
        cells: [r.rank, esc(r.name) + ' <span class="muted">' + esc(r.unitId) + '</span>', r.regularScore, '<span class="x">' + r.keyScore + '</span>', '<b>' + r.total + '</b>'],
      })), [0, 2, 3, 4]) + '</section>').join('');
  },
  async accountability() {
    const rows = await api('/cycles/' + year() + '/accountability');
    return '<section><h2>Principal leaders 主要領導</h2>' + table(['Leader', 'Unit', 'Status', 'Open cases', 'Sanctions', 'Withheld', 'Bonus base', 'Payable'], rows.map((r) => ({
      cells: [esc(r.name), esc(r.unitId), pill(r.status), r.openCases, r.sanctions.map((s) => esc(s.sanction) + ' (' + s.withheldPct + '%)').join('<br>'), r.withheldPct + '%', r.bonusBase ?? '—', r.bonusPayable ?? '—'],
    })), [3, 5, 6, 7]) + '</section>';
  },
  async cases() {
    const rows = await api('/cycles/' + year() + '/cases');
    return '<section><h2>Accountability cases</h2>' + table(['Case', 'Unit', 'Leader', 'Key item', 'Status', 'Sanction', 'Withheld'], rows.map((r) => ({
      cells: [esc(r.caseId), esc(r.unitId), esc(r.leaderId), esc(r.itemId), pill(r.status), esc(r.sanction ?? '—'), r.withheldPct + '%'],
    })), [6]) + '</section>';
  },
  async disputes() {
    const rows = await api('/cycles/' + year() + '/disputes');
    return '<section><h2>Disputes</h2>' + table(['Unit', 'Disputed event', 'Grounds', 'Status', 'Outcome', 'Reason'], rows.map((r) => ({
      cells: [esc(r.unitId), '<span class="muted">' + esc(r.eventId) + '</span>', esc(r.grounds), pill(r.status), esc(r.outcome ?? '—'), esc(r.reason ?? '')],
    }))) + '</section>';
  },
  async audit(eventId) {
    const [verification, projections, latest, key] = await Promise.all([
      api('/audit/verify'), api('/projections'),
      api('/checkpoints/latest').catch((e) => ({ error: e.message })), api('/checkpoints/key').catch(() => null),
    ]);
    const verdict = verification.ok
      ? '<p>Every hash chain is intact: ' + verification.eventsChecked + ' events in ' + verification.streamsChecked + ' streams checked.</p>'
      : '<p class="error">Tampered: stream ' + esc(verification.firstBroken.stream) + ', revision ' + verification.firstBroken.revision +
        ': expected ' + esc(verification.firstBroken.expected) + ', found ' + esc(verification.firstBroken.found) + '.</p>';
    const signature = latest.error || !key ? null : await signatureHolds(latest.note, key.publicKey).catch(() => null);
    const checkpoint = latest.error
      ? '<p class="muted">' + esc(latest.error) + '</p>'
      : '<p>The log\\'s first <b>' + latest.treeSize + '</b> events, root <span class="muted">' + esc(latest.rootHash) + '</span>, signed ' +
        esc(ago(latest.issuedAt)) + ' by ' + esc(key ? key.name + '+' + key.keyId : 'an unknown key') + ': ' +
        (signature === null ? '<span class="muted">signature not checked in this browser</span>' : signature ? pill('signature verified in this browser') : '<b class="error">the signature does not verify</b>') + '</p>' +
        '<form id="proof-form"><input id="proof-event" placeholder="an event id" size="40" value="' + esc(eventId ?? '') + '"> <button>Prove it is in the signed log</button></form>';
    const proof = eventId ? await proofOf(eventId, latest) : '';
    return '<section><h2>Verification of the log</h2>' + verdict + '</section><section><h2>Latest signed checkpoint</h2>' + checkpoint + proof + '</section><section><h2>Read models</h2>' +
      table(['Projection', 'Checkpoint', 'Log head', 'Lag (events)'], projections.map((p) => ({ cells: [esc(p.projection), esc(p.checkpoint ?? '—'), esc(p.head ?? '—'), p.lag ?? '—'] })), [1, 2, 3]) + '</section>';
  },
  async unit(unitId, position) {
    const replay = position
      ? api('/cycles/' + year() + '/units/' + unitId + '/score?atPosition=' + encodeURIComponent(position)).then((score) =>
          '<section><h2>' + esc(unitId) + ' replayed right after position ' + esc(position) + '</h2><p>Regular ' + score.regularScore +
          ' (raw ' + score.regularRaw + '), key <span class="x">' + score.keyScore + '</span>, total <b>' + score.total + '</b>, from ' +
          score.entries.length + ' score entries, folded from the log. <a href="#unit/' + esc(unitId) + '">back to now</a></p></section>')
      : Promise.resolve('');
    const [items, history, replayed] = await Promise.all([
      api('/cycles/' + year() + '/units/' + unitId + '/items'),
      api('/cycles/' + year() + '/units/' + unitId + '/history').catch((e) => ({ error: e.message })),
      replay,
    ]);
    const itemRows = items.map((i) => ({
      cells: [(i.track === 'X' ? '<span class="x">X</span>' : '1'), esc(i.title) + (i.withdrawn ? ' <span class="muted">(withdrawn)</span>' : ''), i.awards, i.deductions, i.net,
        i.targets.map((t) => esc(t.metric) + ' ' + esc(t.comparator) + ' ' + t.threshold + (t.unit === '%' ? '' : ' ') + esc(t.unit) + ': ' + (t.value ?? '—') + (t.met === null ? '' : t.met ? ' ✓' : ' ✗')).join('<br>'),
        i.rulings.map((r) => (r.met ? 'met' : '<b class="error">not met</b>') + (r.setAside ? ' (set aside)' : '')).join('<br>')],
    }));
    const historyHtml = history.error ? '<p class="muted">History: ' + esc(history.error) + '</p>' : table(['Position', 'Recorded', 'Event', 'Who', 'Why', 'Total'], history.map((h) => ({
      cells: ['<a title="replay the score as it stood then" href="#unit/' + esc(unitId) + '/' + esc(h.position) + '">' + esc(h.position) + '</a>', esc(h.recordedAt.replace('T', ' ').slice(0, 19)), esc(h.type), '<span title="key ' + esc(h.actor.id) + '">' + esc(h.actor.name ?? h.actor.id) + '</span> <span class="muted">' + esc(h.actor.role) + '</span>', esc(h.reason ?? ''), '<b>' + h.total + '</b>'],
    })), [0, 5]);
    return replayed + '<section><h2>' + esc(unitId) + ': items</h2>' + table(['Track', 'Item', 'Awards', 'Deductions', 'Net', 'Targets', 'Rulings'], itemRows, [2, 3, 4]) + '</section>' +
      '<section><h2>' + esc(unitId) + ': history with running totals</h2>' + historyHtml + '</section>';
  },
};
const show = async () => {
  sessionStorage.setItem('ledger-key', $('key').value.trim());
  const [tab, ...args] = (location.hash.slice(1) || 'scoreboard').split('/');
  for (const a of document.querySelectorAll('#tabs a')) a.classList.toggle('on', a.dataset.tab === tab);
  $('status').textContent = 'loading…';
  try {
    $('main').innerHTML = await (views[tab] || views.scoreboard)(...args);
    window.scrollTo(0, 0);
    $('status').textContent = 'as of ' + new Date().toLocaleTimeString();
  } catch (error) {
    $('main').innerHTML = '<section class="error">' + esc(error.message) + '</section>';
    $('status').textContent = '';
  }
};
$('load').onclick = show;
window.onhashchange = show;
$('main').onsubmit = (event) => {
  event.preventDefault();
  if (event.target.id === 'proof-form') location.hash = 'audit/' + $('proof-event').value.trim();
};
$('main').onclick = (event) => {
  const row = event.target.closest('tr.unit');
  if (row) location.hash = 'unit/' + row.dataset.unit;
};
if ($('key').value) show();
</script>
</body>
</html>
`;
