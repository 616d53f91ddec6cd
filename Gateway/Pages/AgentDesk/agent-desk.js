// The agent desktop: sign in, set state, take offered calls (their context, accept or decline before they expire), and
// talk in the call through the conversation panel. Live updates come from /api/agents/{id}/events.
import { api, el, engineClock, session, showError, signOut as endSession, words } from './common.js';
import { Conversation, contextFromRecord, renderContext, renderTurns } from './conversation.js';

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;
const conversation = new Conversation($('conversation'));
let agentId = null;
let events = null;
let shownOffer = null;
let countdown = null;

$('sign-in-form').addEventListener('submit', (e) => { e.preventDefault(); signIn(); });
$('available').addEventListener('click', () => setState('available'));
$('offline').addEventListener('click', () => setState('offline'));
$('accept').addEventListener('click', accept);
$('decline').addEventListener('click', decline);
$('sign-out').addEventListener('click', signOut);
restore().catch(showError);

/** The agent id is the signed-in user's; a reloaded page picks up the desk it had. */
async function restore() {
  const me = await session();
  $('agent-id').value = me.agentId;
  $('agent-id').readOnly = true;
  const saved = localStorage.getItem('callcenter.agentId');
  if (saved !== me.agentId) return;
  try {
    attach(await api('GET', `/api/agents/${enc(saved)}`));
  } catch {
    // Not signed in (any more): the form is there.
  }
}

async function signIn() {
  const checked = (name) => [...document.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
  const id = $('agent-id').value.trim();
  try {
    const agent = await api('POST', `/api/agents/${enc(id)}/sign-in`, {
      name: $('agent-name').value.trim(), languages: checked('language'), domains: checked('domain'),
    });
    showError(null);
    attach(agent);
  } catch (error) {
    showError(error);
  }
}

function attach(agent) {
  agentId = agent.agentId;
  localStorage.setItem('callcenter.agentId', agentId);
  $('sign-in').hidden = true;
  $('desk').hidden = false;
  $('state-line').hidden = false;
  $('who').textContent = `${agent.name} (${agent.agentId})`;
  document.body.dataset.agentId = agentId;
  render(agent);
  follow();
}

/** Offline, the page forgets the agent, and the sign-in ends (refused while on a call: close it or hand it back first). */
async function signOut() {
  try {
    await api('POST', `/api/agents/${enc(agentId)}/state`, { state: 'offline' });
  } catch (error) {
    showError(error);
    return;
  }

  events?.close();
  events = null;
  agentId = null;
  localStorage.removeItem('callcenter.agentId');
  hideOffer();
  conversation.root.hidden = true;
  conversation.callId = null;
  showError(null);
  setConnection('', '');
  $('who').textContent = '';
  $('state-line').hidden = true;
  $('desk').hidden = true;
  $('sign-in').hidden = false;
  await endSession();
}

function follow() {
  events?.close();
  events = new EventSource(`/api/agents/${enc(agentId)}/events`);
  events.addEventListener('agent', (e) => render(JSON.parse(e.data)));
  events.addEventListener('clock', (e) => engineClock.sync(e));
  events.addEventListener('call', (e) => conversation.onEvent(JSON.parse(e.data)));
  events.onopen = () => setConnection('live', 'live');
  events.onerror = () => (events.readyState === EventSource.CLOSED
    ? setConnection('down', 'Disconnected: reload the page.')
    : setConnection('reconnecting', 'Reconnecting…'));
}

function setConnection(state, text) {
  const line = $('connection');
  line.dataset.state = state;
  line.textContent = text;
}

/** Shows the agent's snapshot: state, the pending offer, the call they are on. */
function render(agent) {
  $('state').textContent = words(agent.state);
  $('state').dataset.state = agent.state;
  $('handled').textContent = `Calls handled: ${agent.callsHandled}`;
  $('available').disabled = agent.state === 'busy' || agent.state === 'available';
  $('offline').disabled = agent.state === 'busy' || agent.state === 'offline';

  if (agent.offer && !agent.callId) showOffer(agent.offer);
  else hideOffer();

  if (agent.callId && conversation.callId !== agent.callId) resume(agent.callId);
  $('idle').hidden = !!agent.offer || !!agent.callId || !$('conversation').hidden;
}

function showOffer(offer) {
  const context = offer.context;
  if (shownOffer?.context.callId === context.callId) return;
  shownOffer = offer;
  const panel = $('offer');
  panel.dataset.callId = context.callId;
  $('offer-urgent').hidden = !context.urgent;
  $('offer-context').replaceChildren(renderContext(context));
  renderTurns(panel.querySelector('.transcript'), context.transcript || []);
  panel.querySelector('.suggestions').replaceChildren(...(context.suggestedReplies || []).map((s) => el('li', {}, s)));
  const tick = () => { $('offer-time-left').textContent = `(${Math.ceil(engineClock.secondsUntil(offer.expiresAt))} s left)`; };
  tick();
  clearInterval(countdown);
  countdown = setInterval(tick, 250);
  $('accept').disabled = $('decline').disabled = false;
  panel.hidden = false;
  $('idle').hidden = true;
}

function hideOffer() {
  clearInterval(countdown);
  shownOffer = null;
  $('offer').hidden = true;
  delete $('offer').dataset.callId;
}

async function accept() {
  const offer = shownOffer;
  if (!offer) return;
  $('accept').disabled = $('decline').disabled = true;
  conversation.begin(offer.context.callId, offer.context.channel);
  conversation.setControlled(agentId);
  try {
    const context = await api('POST', `/api/agents/${enc(agentId)}/accept`, { callId: offer.context.callId });
    showError(null);
    hideOffer();
    conversation.load(context, 'with_agent');
  } catch (error) {
    showError(error);
    conversation.root.hidden = true;
    conversation.callId = null;
    $('accept').disabled = $('decline').disabled = false;
  }
}

async function decline() {
  if (!shownOffer) return;
  try {
    render(await api('POST', `/api/agents/${enc(agentId)}/decline`, { callId: shownOffer.context.callId }));
    showError(null);
  } catch (error) {
    showError(error);
  }
}

async function setState(state) {
  try {
    render(await api('POST', `/api/agents/${enc(agentId)}/state`, { state }));
    showError(null);
  } catch (error) {
    showError(error);
  }
}

/** The agent is on a call the page does not show yet (a reload): its record and fresh suggestions. */
async function resume(callId) {
  conversation.begin(callId, null);
  conversation.setControlled(agentId);
  try {
    const record = await api('GET', `/api/calls/${enc(callId)}`);
    conversation.load(contextFromRecord(record), record.status);
    await conversation.refreshSuggestions();
  } catch (error) {
    showError(error);
  }
}
