import { el, formatRate, setText } from './dom.js';

/**
 * One tile per system. Health reads three ways at once — a word, an icon and a border/pattern —
 * so it survives a washed-out projector and colour blindness (style.css draws the patterns).
 */
const HEALTH = {
  healthy: { icon: '✔', text: 'HEALTHY' },
  degraded: { icon: '▲', text: 'DEGRADED' },
  down: { icon: '✖', text: 'DOWN' },
};

const tiles = new Map();

function createTile(system) {
  const [name, vendor] = system.label.split(' · ');
  const id = `tile-${system.name}`;
  const field = (key) => el('dd', { 'data-field': key }, '—');
  const figure = (label, key) => el('div', {}, el('dt', {}, label), field(key));
  const badgeText = el('span', { class: 'health-text' });
  const icon = el('span', { class: 'icon', 'aria-hidden': 'true' });
  const node = el(
    'article',
    { class: 'tile', id, 'data-system': system.name, 'aria-labelledby': `${id}-name` },
    el(
      'header',
      {},
      el('h2', { id: `${id}-name` }, name ?? system.name),
      el('span', { class: 'vendor' }, vendor ?? ''),
    ),
    // polite: the badge only changes when the health does, so this is no chatter
    el('p', { class: 'badge', 'aria-live': 'polite' }, icon, ' ', badgeText),
    el('p', { class: 'why', 'data-field': 'why' }),
    el(
      'dl',
      { class: 'figures' },
      figure('req/s', 'rps'),
      figure('errors', 'errors'),
      figure('429s (10 s)', 'throttled'),
    ),
    el(
      'p',
      { class: 'tile-faults' },
      el('span', { class: 'muted' }, 'Faults: '),
      el('span', { 'data-field': 'faults' }, '—'),
    ),
  );
  return { node, icon, badgeText, fields: (key) => node.querySelector(`[data-field="${key}"]`) };
}

/** Create the tiles on first sight, then update them in place every tick. */
export function renderTiles(container, systems) {
  for (const system of systems) {
    let tile = tiles.get(system.name);
    if (!tile) {
      tile = createTile(system);
      tiles.set(system.name, tile);
      container.append(tile.node);
    }
    const health = HEALTH[system.health] ?? HEALTH.degraded;
    tile.node.dataset.health = system.health;
    setText(tile.icon, health.icon);
    setText(tile.badgeText, health.text);
    setText(tile.fields('why'), system.why);
    setText(tile.fields('rps'), formatRate(system.requestsPerSec));
    setText(tile.fields('errors'), `${Math.round(system.errorRate * 100)}%`);
    setText(tile.fields('throttled'), String(system.throttled));
    setText(tile.fields('faults'), system.faults.length ? system.faults.join(', ') : 'none');
  }
}
