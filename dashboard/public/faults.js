/* global document */
import { el, formatDuration, setText } from './dom.js';

/**
 * The fault panel: a button per preset bundle and the pipeline as it stands. Buttons call the
 * same control API as `omnichaos chaos` — POST /_omnichaos/faults to inject, DELETE
 * /_omnichaos/faults/<id> to clear — then ask for fresh state instead of waiting for the tick.
 */
const API = '/_omnichaos/faults';
const STATE = { active: '● ACTIVE', scheduled: '◷ SCHEDULED', ended: '○ ENDED' };

/**
 * Writes need JSON and, behind --token, the write token the page was served with: the cookie
 * alone never authorises a change (docs/control-plane.md).
 */
const csrf = document.querySelector('meta[name="omnichaos-csrf"]')?.getAttribute('content') ?? '';

async function call(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', 'x-omnichaos-csrf': csrf },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) {
    const detail = await res.json().catch(() => ({}));
    throw new Error(detail.error ?? `${method} ${path} answered ${res.status}`);
  }
}

/** @example const panel = createFaultPanel(document, refresh); panel.render(state) */
export function createFaultPanel(doc, refresh) {
  const presetList = doc.getElementById('presets');
  const faultList = doc.getElementById('fault-list');
  const error = doc.getElementById('fault-error');
  const buttons = new Map();
  let presets = [];

  const act = async (button, work) => {
    button.disabled = true;
    error.hidden = true;
    try {
      await work();
      await refresh();
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  };
  const toggle = (name, button) => {
    const p = presets.find((x) => x.name === name);
    if (!p) return;
    return act(button, () =>
      p.active
        ? Promise.all(p.ruleIds.map((id) => call('DELETE', `${API}/${encodeURIComponent(id)}`)))
        : call('POST', API, { id: p.id, preset: p.name }),
    );
  };
  const clearAll = doc.getElementById('clear-all');
  clearAll.addEventListener('click', () => act(clearAll, () => call('DELETE', API)));

  const renderPresets = () => {
    for (const p of presets) {
      let b = buttons.get(p.name);
      if (!b) {
        const action = el('span', { class: 'action' });
        const button = el('button', { type: 'button', class: 'preset', title: p.summary });
        button.append(el('span', { class: 'icon', 'aria-hidden': 'true' }), action, ` ${p.label}`);
        button.addEventListener('click', () => toggle(p.name, button));
        const row = el('li', {}, button); // the summary is the button's title (its description)
        presetList.append(row);
        b = { row, button, action, icon: button.firstChild };
        buttons.set(p.name, b);
      }
      b.row.dataset.active = String(p.active);
      setText(b.action, p.active ? 'Clear' : 'Inject');
      setText(b.icon, p.active ? '■ ' : '▶ ');
    }
  };

  // Rows are kept by fault id and updated in place, so a pointer or keyboard focus on a remove
  // button is not pulled from under the user on every tick.
  const rows = new Map();
  const empty = el('li', { class: 'muted' }, 'No faults: every system behaves.');
  const faultRow = (f) => {
    const remove = el(
      'button',
      { type: 'button', class: 'remove', 'aria-label': `Remove fault ${f.id}` },
      '✕',
    );
    remove.addEventListener('click', () =>
      act(remove, () => call('DELETE', `${API}/${encodeURIComponent(f.id)}`)),
    );
    const state = el('span', { class: 'state' });
    const what = el('span', { class: 'what' });
    return {
      node: el('li', { class: 'fault', 'data-fault': f.id }, state, what, remove),
      state,
      what,
    };
  };
  const renderFaults = (faults) => {
    const seen = new Set();
    for (const f of faults) {
      seen.add(f.id);
      let row = rows.get(f.id);
      if (!row) rows.set(f.id, (row = faultRow(f)));
      const left = f.remainingMs === null ? '' : ` · ${formatDuration(f.remainingMs)} left`;
      row.node.dataset.state = f.state;
      setText(row.state, STATE[f.state] ?? f.state);
      setText(row.what, ` ${f.system} · ${f.type} · ${f.id}${left}`);
    }
    for (const id of [...rows.keys()]) if (!seen.has(id)) rows.delete(id);
    const wanted = faults.length ? faults.map((f) => rows.get(f.id).node) : [empty];
    const same =
      wanted.length === faultList.children.length &&
      wanted.every((n, i) => faultList.children[i] === n);
    if (!same) faultList.replaceChildren(...wanted);
  };

  return {
    render(state) {
      presets = state.presets;
      renderPresets();
      renderFaults(state.faults);
    },
  };
}
