// The supervisor wallboard: the floor's figures every second and urgent-call alerts the moment they happen (from
// /api/supervisor/events), a call's transcript followed live (the same stream with ?callId=), and taking a call over.
import { api, clockTime, duration, el, emotionChip, engineClock, percent, session, showError, words } from './common.js';
import { Conversation, contextFromRecord } from './conversation.js';

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
const alertsShown = new Set();
const conversation = new Conversation($('conversation'), { onFinished: restAfterCall });
let firstBoard = true;
let followed = null;
let supervisorId = null;
let presence = null;

const live = new EventSource('/api/supervisor/events');
live.addEventListener('wallboard', (e) => renderBoard(JSON.parse(e.data)));
live.addEventListener('alert', (e) => {
  const alert = JSON.parse(e.data);
  addAlert(alert.callId, alert.text, alert.time, true);
});
live.addEventListener('clock', (e) => engineClock.sync(e));
live.onopen = () => setConnection('live', 'live');
live.onerror = () => setConnection('reconnecting', 'Reconnecting…');

$('take-over-form').addEventListener('submit', (e) => { e.preventDefault(); takeOver(); });
// A supervisor takes calls over as the agent id of the user they signed in as.
session().then((me) => { $('supervisor-id').value = me.agentId ?? ''; }, showError);
$('stop-following').addEventListener('click', stopFollowing);
setInterval(tickWaits, 1000);

function setConnection(state, text) {
  $('connection').dataset.state = state;
  $('connection').textContent = text;
}

function renderBoard(board) {
  const count = (state) => board.agents.filter((a) => a.state === state).length;
  $('active-count').textContent = board.activeCalls.length;
  $('waiting-count').textContent = board.waiting.length;
  $('agents-available').textContent = count('available');
  $('agents-busy').textContent = count('busy');
  $('service-level-seconds').textContent = board.serviceLevelSeconds;
  $('service-level').textContent = percent(board.serviceLevel);
  $('handle-time').textContent = board.averageHandleSeconds === null ? '—' : duration(board.averageHandleSeconds);
  $('containment').textContent = percent(board.containment);
  $('calls-ended').textContent = board.callsEnded;
  $('transferred').textContent = board.transferred;
  $('figures').dataset.updated = engineClock.now();

  $('active-calls').tBodies[0].replaceChildren(...board.activeCalls.map((c) => el('tr', {
    dataset: { callId: c.callId }, class: [c.urgent ? 'urgent' : '', followed?.callId === c.callId ? 'selected' : ''].join(' ').trim() || undefined,
    onclick: () => follow(c.callId), title: 'Follow this call',
  },
  el('td', { class: 'id' }, c.callId.slice(0, 8)), el('td', {}, words(c.channel)), el('td', {}, words(c.status)),
  el('td', {}, emotionChip(c.emotion)), el('td', {}, c.urgent ? el('strong', { class: 'urgent-flag' }, 'URGENT') : ''),
  el('td', {}, c.agentId || ''), el('td', { class: 'since', dataset: { since: c.startedAt } }, duration(engineClock.secondsSince(c.startedAt))),
  el('td', { class: 'last' }, c.lastText || ''))));

  $('waiting-calls').tBodies[0].replaceChildren(...board.waiting.map((w) => el('tr', {
    dataset: { callId: w.callId }, class: w.urgent ? 'urgent' : undefined, onclick: () => follow(w.callId), title: 'Follow this call',
  },
  el('td', { class: 'id' }, w.callId.slice(0, 8)), el('td', {}, w.language), el('td', {}, w.domain), el('td', {}, words(w.channel)),
  el('td', {}, w.urgent ? el('strong', { class: 'urgent-flag' }, 'URGENT') : ''), el('td', {}, emotionChip(w.emotion)),
  el('td', { class: 'since wait', dataset: { since: w.waitingSince } }, duration(engineClock.secondsSince(w.waitingSince))))));

  $('agents').tBodies[0].replaceChildren(...board.agents.map((a) => el('tr', { dataset: { agentId: a.agentId } },
    el('td', {}, a.name), el('td', { class: 'id' }, a.agentId),
    el('td', {}, el('span', { class: `state state-${a.state}` }, words(a.state))),
    el('td', { class: 'since', dataset: { since: a.since } }, duration(engineClock.secondsSince(a.since))))));

  if (firstBoard) {
    firstBoard = false;
    [...board.alerts].reverse().forEach((a) => addAlert(a.callId, a.reason, a.time, false));
  }
}

/** Waits and durations count up between wallboard updates. */
function tickWaits() {
  document.querySelectorAll('td.since').forEach((td) => { td.textContent = duration(engineClock.secondsSince(td.dataset.since)); });
}

/** An urgent-call alert at the top of the list: new ones highlighted until followed. */
function addAlert(callId, reason, time, fresh) {
  const key = `${callId}|${time}`;
  if (alertsShown.has(key)) return;
  alertsShown.add(key);
  const item = el('li', {
    class: fresh ? 'alert fresh' : 'alert', dataset: { callId, receivedAt: Date.now() },
    onclick: () => { item.classList.remove('fresh'); follow(callId); }, title: 'Follow this call',
  },
  el('time', { datetime: time }, clockTime(time)), ' ', el('strong', { class: 'urgent-flag' }, 'URGENT'), ' ',
  el('span', { class: 'reason' }, reason || 'urgent call'), el('br'), 'call ', el('code', { class: 'id' }, callId));
  $('alert-list').prepend(item);
}

/** Follows one call: its record, then its events live from a stream of its own. */
async function follow(callId) {
  if (followed?.callId === callId) return;
  if (conversation.agentId && !conversation.finished) {
    showError(new Error('Close or hand back the call you took over before following another one.'));
    return;
  }

  followed?.events.close();
  const events = new EventSource(`/api/supervisor/events?callId=${enc(callId)}`);
  followed = { callId, events };
  events.addEventListener('call', (e) => conversation.onEvent(JSON.parse(e.data)));
  conversation.begin(callId, null);
  conversation.setControlled(null);
  $('follow-id').textContent = callId;
  $('follow').hidden = false;
  $('take-over').disabled = false;
  document.querySelectorAll('#active-calls tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.callId === callId));

  // Once the stream is open no event is missed; the record has what came before.
  await new Promise((resolve) => {
    events.addEventListener('open', resolve, { once: true });
    setTimeout(resolve, 3000);
  });
  try {
    const record = await api('GET', `/api/calls/${enc(callId)}`);
    if (followed?.callId === callId) conversation.load(contextFromRecord(record), record.status);
  } catch (error) {
    showError(error);
  }
}

function stopFollowing() {
  if (conversation.agentId && !conversation.finished) {
    showError(new Error('Close or hand back the call you took over first.'));
    return;
  }

  followed?.events.close();
  followed = null;
  $('follow').hidden = true;
}

/** Takes the followed call: signs in as an agent first if needed, then talks in it like the agent desktop. */
async function takeOver() {
  const callId = followed?.callId;
  if (!callId) return;
  $('take-over').disabled = true;
  try {
    if (!supervisorId) await signIn();
    conversation.hold();
    const context = await api('POST', `/api/agents/${enc(supervisorId)}/take-over`, { callId });
    showError(null);
    conversation.setControlled(supervisorId);
    conversation.load(context, 'with_agent');
  } catch (error) {
    showError(error);
    conversation.release();
    $('take-over').disabled = false;
  }
}

/**
 * A supervisor is an agent of the domain "supervision" (no call is routed to it) who stays offline: they take calls
 * only by taking them over. Their desk's presence stream hands a taken call back to the queue if the page goes away.
 */
async function signIn() {
  const id = $('supervisor-id').value.trim();
  const name = $('supervisor-name').value.trim();
  await api('POST', `/api/agents/${enc(id)}/sign-in`, { name, languages: ['en', 'zh'], domains: ['supervision'] });
  await api('POST', `/api/agents/${enc(id)}/state`, { state: 'offline' });
  supervisorId = id;
  $('supervisor-sign-in').hidden = true;
  $('supervisor-who').textContent = `${name} (${id})`;
  presence = new EventSource(`/api/agents/${enc(id)}/events`);
}

/** After a taken call: back to offline (not available for queue calls) and ready to follow another. */
async function restAfterCall() {
  $('take-over').disabled = false;
  if (!supervisorId || !conversation.agentId) return;
  try {
    await api('POST', `/api/agents/${enc(supervisorId)}/state`, { state: 'offline' });
  } catch {
    // Still wrapping up a close under way: the wrap-up ends on its own.
  }
}
