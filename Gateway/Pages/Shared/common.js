// What the agent desktop and the wallboard share: API calls with plain errors, the engine's clock, small DOM and
// formatting helpers. No framework and nothing from the network but this engine's own API.

/**
 * Calls the API; resolves with the JSON answer, rejects with an Error carrying the API's {"error"} text. The sign-in
 * cookie goes along (same origin); when the sign-in has expired, the page goes to the sign-in form and comes back.
 */
export async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new Error(`The engine cannot be reached (${error.message}).`);
  }

  if (response.status === 401) {
    location.assign(`/sign-in?returnUrl=${encodeURIComponent(location.pathname)}`);
  }

  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (!response.ok) {
    throw new Error(json && json.error ? json.error : `${response.status} ${response.statusText}`);
  }

  return json;
}

/** Who is signed in: { name, roles, agentId }. Shown in the header's #session line with a sign-out button. */
export async function session() {
  const me = await api('GET', '/api/auth/me');
  const line = document.getElementById('session');
  if (line) {
    line.replaceChildren(`Signed in as ${me.name} `, el('button', { type: 'button', class: 'secondary', id: 'session-sign-out', onclick: () => signOut() }, 'Sign out'));
  }

  return me;
}

/** Ends the sign-in (the cookie) and shows the sign-in page. */
export async function signOut() {
  try {
    await fetch('/sign-out', { method: 'POST' });
  } finally {
    location.assign('/sign-in');
  }
}

/** Shows an error plainly in the page's alert line (or clears it with null). */
export function showError(error) {
  const line = document.getElementById('error');
  if (!line) return;
  line.textContent = error ? (error.message || String(error)) : '';
  line.hidden = !error;
}

/**
 * The engine's clock as seen from the page: times in the API (offer expiry, waiting since) come from the engine,
 * whose clock need not agree with the browser's; the "clock" server-sent event gives the offset.
 */
export const engineClock = {
  offset: 0,
  sync(event) { this.offset = Date.parse(JSON.parse(event.data).now) - Date.now(); },
  now() { return Date.now() + this.offset; },
  secondsSince(time) { return Math.max(0, (this.now() - Date.parse(time)) / 1000); },
  secondsUntil(time) { return Math.max(0, (Date.parse(time) - this.now()) / 1000); },
};

/** document.createElement with attributes (class, data-*, on* handlers, anything else as an attribute) and children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : value);
  }

  node.append(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** "waiting_for_agent" → "waiting for agent"; "ResolvedByAi" → "resolved by ai". */
export function words(name) {
  return String(name ?? '').replace(/([a-z])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();
}

/** 75 → "1:15"; 3700 → "1:01:40". */
export function duration(seconds) {
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/** A share in [0, 1] as "87%", or "—" before there is anything to rate. */
export function percent(share) {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

export function clockTime(time) {
  return new Date(time).toISOString().slice(11, 19);
}

/** Emotion in [-1, 1] as a color: red (upset) through amber to green (pleased). */
export function emotionColor(score) {
  const s = Math.max(-1, Math.min(1, Number(score) || 0));
  return `hsl(${Math.round(60 + 60 * s)}, 75%, 40%)`;
}

export function emotionChip(score) {
  const value = Number(score) || 0;
  return el('span', { class: 'emotion', style: `background:${emotionColor(value)}`, title: 'caller mood, -1 upset to 1 pleased' }, value.toFixed(2));
}

/** A small inline SVG line of emotion scores over the turns, with the neutral line. */
export function sparkline(values, width = 160, height = 36) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const y = (v) => ((1 - Math.max(-1, Math.min(1, v))) / 2) * (height - 4) + 2;
  const zero = document.createElementNS(ns, 'line');
  Object.entries({ x1: 0, x2: width, y1: y(0), y2: y(0), class: 'neutral' }).forEach(([k, v]) => zero.setAttribute(k, v));
  svg.appendChild(zero);
  if (values.length > 0) {
    const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
    const points = values.map((v, i) => `${(2 + i * step).toFixed(1)},${y(v).toFixed(1)}`);
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', points.join(' '));
    line.setAttribute('stroke', emotionColor(values[values.length - 1]));
    svg.appendChild(line);
  }

  return svg;
}
