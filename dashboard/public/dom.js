/* global document */
/**
 * Small DOM and formatting helpers shared by the page's modules. Text goes in through
 * `textContent` only, so nothing the server sends is ever parsed as HTML.
 */

/** @example el('li', { class: 'fault', 'data-state': 'active' }, 'text', child) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

/** Set text only when it changed (keeps screen readers' live regions quiet). */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** @example formatDuration(65_000) // '1m 05s' */
export function formatDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** @example formatRate(12.34) // '12.3' */
export function formatRate(n) {
  return n >= 100 ? String(Math.round(n)) : n.toFixed(1);
}

const scenarioTime = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
});

/** Scenario time in UTC, so everyone in the room reads the same clock. */
export function formatScenarioTime(epochMs) {
  return `${scenarioTime.format(new Date(epochMs))} UTC`;
}
