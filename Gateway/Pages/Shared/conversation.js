// The conversation panel of the agent desktop and of the supervisor's followed call: the call's context, its live
// transcript (from "call" server-sent events), and, for the agent on the call, suggested replies with one-click send,
// a free-text reply, hand back to the AI, and close with a disposition.
import { startAgentVoice } from './agent-voice.js';
import { api, el, emotionChip, showError, sparkline, words } from './common.js';

const TEXT_CHANNELS = ['chat', 'app', 'web'];
export const DISPOSITIONS = ['resolved', 'follow_up', 'escalated', 'not_resolved'];

/** The context an agent gets with an offer or on taking a call, as a definition list. */
export function renderContext(context) {
  const entities = (context.entities || []).map((e) => `${words(e.type)} ${e.value}`).join(', ');
  const curve = context.emotionCurve || [];
  const rows = [
    ['Customer', context.customerName ? `${context.customerName} (${context.customerId})` : 'Unidentified caller'],
    ['Channel', `${words(context.channel)}, ${context.language === 'zh' ? 'Chinese' : 'English'}`],
    ['Reason', el('span', {}, context.urgent ? el('strong', { class: 'urgent-flag' }, 'URGENT') : null, ' ', context.reason || '—')],
    ['Intent', context.intent ? words(context.intent) : '—'],
    ['Entities', entities || '—'],
    ['Summary', context.summary || '—'],
    ['Emotion', el('span', { class: 'curve' }, sparkline(curve), curve.length ? emotionChip(curve[curve.length - 1]) : '—')],
  ];
  return el('dl', { class: 'context' }, rows.map(([term, value]) => [el('dt', {}, term), el('dd', { class: `ctx-${term.toLowerCase()}` }, value)]));
}

/** A call record (GET /api/calls/{id}) as the context the panel shows. */
export function contextFromRecord(record) {
  const turns = record.turns || [];
  const lastCaller = [...turns].reverse().find((t) => t.speaker === 'caller' && t.intent);
  const entities = new Map();
  turns.flatMap((t) => t.entities || []).forEach((e) => entities.set(`${e.type}:${e.value}`, e));
  return {
    callId: record.callId, channel: record.channel, language: record.language, customerId: record.customerId,
    customerName: record.customerName, urgent: record.urgent, reason: record.handoffReason, summary: null,
    intent: lastCaller ? lastCaller.intent : null, entities: [...entities.values()],
    emotionCurve: (record.emotionCurve || []).map((p) => p.score), transcript: turns, suggestedReplies: [],
  };
}

export function turnLine(kind, text, time) {
  const speaker = { caller: 'Caller', bot: 'AI', agent: 'Agent', system: '' }[kind.split(' ')[0]] ?? '';
  return el('li', { class: kind, dataset: { time: time || '' } }, speaker ? el('b', {}, `${speaker}: `) : null, el('span', { class: 'text' }, text));
}

export function renderTurns(list, turns) {
  list.replaceChildren(...turns.map((t) => turnLine(t.speaker, t.text, t.time)));
}

/** What a call event adds to the transcript: [kind, text], or null for events that are not part of it. */
function lineFor(e) {
  switch (e.kind) {
    case 'started': return ['bot', e.text];
    case 'caller_turn': return ['caller', e.text];
    case 'bot_turn': return e.text ? ['bot', e.text] : null;
    case 'agent_turn': return ['agent', e.text];
    case 'agent_joined': return ['system', `${e.text} joined the call.`];
    case 'agent_left': return ['bot', e.text];
    case 'requeued': return ['system', e.text];
    case 'transferred': return ['system', `Transferred to a person: ${e.text}`];
    case 'supervisor_alert': return ['system urgent', `Urgent: ${e.text}`];
    case 'ended': return ['system ended', `The call ended: ${words(e.text)}.`];
    default: return null;
  }
}

export class Conversation {
  /**
   * @param root the element the panel fills
   * @param options.onFinished called when the call is no longer the agent's (closed, handed back, ended)
   */
  constructor(root, { onFinished } = {}) {
    this.root = root;
    this.onFinished = onFinished || (() => {});
    this.callId = null;
    this.agentId = null;
    this.buffer = null;
    this.loaded = [];
    this.build();
  }

  build() {
    this.status = el('p', { class: 'call-status' });
    this.voiceStatus = el('p', { class: 'voice-status', id: 'voice-status' });
    this.contextBox = el('div', { class: 'context-box' });
    this.transcript = el('ol', { class: 'transcript' });
    this.suggestions = el('ul', { class: 'suggestions' });
    this.replyText = el('textarea', { id: 'reply-text', rows: 2, placeholder: 'Type a reply to the caller…', maxlength: 4096 });
    this.replyText.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); this.sendTyped(); }
    });
    this.disposition = el('select', { id: 'disposition' }, DISPOSITIONS.map((d) => el('option', { value: d }, words(d))));
    this.note = el('input', { id: 'note', placeholder: 'Note (optional)', maxlength: 1000 });
    this.replyForm = el('form', { class: 'reply', onsubmit: (e) => { e.preventDefault(); this.sendTyped(); } },
      this.replyText, el('button', { id: 'reply-send', type: 'submit' }, 'Send'));
    this.handBackButton = el('button', { id: 'hand-back', type: 'button', class: 'secondary', onclick: () => this.handBack() }, 'Hand back to AI');
    this.closeButton = el('button', { id: 'close', type: 'button', class: 'danger', onclick: () => this.close() }, 'Hang up / close');
    this.controls = el('div', { class: 'controls-box' },
      this.replyForm,
      el('div', { class: 'actions' }, this.handBackButton, el('label', {}, 'Disposition ', this.disposition), this.note, this.closeButton));
    this.assist = el('section', { class: 'assist' }, el('h3', {}, 'Suggested replies'), this.suggestions);
    this.root.replaceChildren(
      this.status, this.voiceStatus, this.contextBox,
      el('div', { class: 'talk' }, el('section', {}, el('h3', {}, 'Transcript'), this.transcript), this.assist),
      this.controls);
    this.setControlled(false);
  }

  get isText() { return TEXT_CHANNELS.includes(this.channel); }

  /** Starts showing a call; events that arrive before load() are held and merged then. */
  begin(callId, channel) {
    this.voiceStatus.textContent = '';
    this.callId = callId;
    this.channel = channel;
    this.buffer = [];
    this.loaded = [];
    this.finished = false;
    this.ended = false;
    this.replyForm.hidden = this.handBackButton.hidden = false;
    this.closeButton.textContent = 'Hang up / close';
    this.transcript.replaceChildren();
    this.suggestions.replaceChildren();
    delete this.suggestions.dataset.refreshed;
    this.contextBox.replaceChildren();
    this.root.dataset.callId = callId;
    delete this.root.dataset.finished;
    this.setStatus('Loading…');
    this.root.hidden = false;
  }

  /** Shows the context and the transcript so far, then the events held since begin() that are not in it already. */
  load(context, status) {
    this.channel = context.channel;
    this.contextBox.replaceChildren(renderContext(context));
    renderTurns(this.transcript, context.transcript || []);
    this.loaded = (context.transcript || []).map((t) => ({ speaker: t.speaker, text: t.text, time: Date.parse(t.time) }));
    this.transcript.scrollTop = this.transcript.scrollHeight;
    this.setSuggestions(context.suggestedReplies || []);
    this.setStatus(words(status || 'with_agent'));
    if (status === 'ended') this.callEnded(null);
    else if (!this.isText && this.agentId && !this.voice) {
      // A voice call: the agent talks to the caller through the browser's microphone.
      this.voice = startAgentVoice(this.agentId, (text) => { this.root.dataset.voice = text; this.voiceStatus.textContent = text; });
    }

    this.release();
  }

  stopVoice() {
    this.voice?.then((v) => v.stop());
    this.voice = null;
  }

  /** Holds the call's events (until load() or release()): a request that returns the transcript is under way. */
  hold() {
    this.buffer ??= [];
  }

  /** Shows the events held since begin() or hold(). */
  release() {
    const held = this.buffer || [];
    this.buffer = null;
    held.forEach((e) => this.onEvent(e));
  }

  /**
   * True when the event is of a turn the loaded transcript already shows (its event came after the request that
   * returned the transcript, or while it was under way); each loaded turn stands for one event at most.
   */
  alreadyLoaded(e, [kind, text]) {
    const speaker = kind.split(' ')[0];
    const time = Date.parse(e.time);
    const index = this.loaded.findIndex((t) => Math.abs(time - t.time) < 5000
      && ((t.speaker === speaker && t.text === text) || (e.kind === 'agent_joined' && t.speaker === 'system' && t.text.includes(e.text))));
    if (index < 0) return false;
    this.loaded.splice(index, 1);
    return true;
  }

  /** Lets this agent act in the call (null: only watch it). */
  setControlled(agentId) {
    this.agentId = agentId || null;
    this.controls.hidden = !this.agentId;
    this.root.classList.toggle('controlled', !!this.agentId);
    this.setSuggestions(this.currentSuggestions || []);
  }

  setStatus(text) { this.status.textContent = text; }

  /** A call event ("call" server-sent event) of this call. */
  onEvent(e) {
    if (!this.callId || e.callId !== this.callId) return;
    if (this.buffer) { this.buffer.push(e); return; }
    const line = lineFor(e);
    if (line && !this.alreadyLoaded(e, line)) {
      this.transcript.appendChild(turnLine(line[0], line[1], e.time));
      this.transcript.lastElementChild.scrollIntoView({ block: 'nearest' });
    }

    if (e.emotion) this.showMood(e.emotion.score);
    if (e.kind === 'ended') {
      this.callEnded(e.text);
    } else if (e.kind === 'agent_left' && this.agentId && e.agentId === this.agentId) {
      this.finish();
    } else if (e.status) {
      if (!this.finished) this.setStatus(words(e.status));
      if (e.kind === 'caller_turn' && this.agentId && !this.finished) this.refreshSuggestions();
    }
  }

  /**
   * The call ended. If the caller left while this agent had it, the agent still closes it with a disposition (that is
   * what ends their part); otherwise there is nothing left to do in it.
   */
  callEnded(outcome) {
    this.setStatus(outcome ? `ended: ${words(outcome)}` : 'ended');
    if (!this.agentId || this.finished) {
      this.finish();
      return;
    }

    this.ended = true;
    this.stopVoice();
    this.replyForm.hidden = this.handBackButton.hidden = true;
    this.closeButton.textContent = 'Close';
    this.setSuggestions([]);
  }

  showMood(score) {
    const dd = this.contextBox.querySelector('dd.ctx-emotion .curve');
    if (!dd) return;
    dd.querySelector('.emotion')?.remove();
    dd.appendChild(emotionChip(score));
  }

  setSuggestions(list) {
    this.currentSuggestions = list;
    const canSend = !!this.agentId && this.isText && !this.finished && !this.ended;
    this.suggestions.replaceChildren(...list.map((text) => el('li', {},
      el('span', { class: 'text' }, text),
      canSend ? el('button', { type: 'button', class: 'send', onclick: (e) => this.send(text, e.currentTarget) }, 'Send') : null)));
    if (list.length === 0) this.suggestions.appendChild(el('li', { class: 'none' }, 'No suggestions yet.'));
    this.assist.classList.toggle('voice', !this.isText);
    this.assist.hidden = !!this.finished || !!this.ended;
  }

  async refreshSuggestions() {
    const agentId = this.agentId;
    try {
      const list = await api('GET', `/api/agents/${encodeURIComponent(agentId)}/suggestions`);
      if (agentId === this.agentId && !this.finished && !this.ended) {
        this.setSuggestions(list);
        this.suggestions.dataset.refreshed = String(Number(this.suggestions.dataset.refreshed || 0) + 1);
      }
    } catch (error) {
      showError(error);
    }
  }

  async sendTyped() {
    const text = this.replyText.value.trim();
    if (!text) return;
    if (await this.send(text, this.controls.querySelector('#reply-send'))) this.replyText.value = '';
  }

  /** Says something to the caller; the transcript shows it when its event comes back. */
  async send(text, button) {
    if (button) button.disabled = true;
    try {
      await api('POST', `/api/agents/${encodeURIComponent(this.agentId)}/messages`, { text });
      showError(null);
      return true;
    } catch (error) {
      showError(error);
      return false;
    } finally {
      if (button) button.disabled = false;
    }
  }

  async handBack() {
    await this.act('hand-back', undefined, 'handed back to the AI');
  }

  async close() {
    const disposition = this.disposition.value;
    await this.act('close', { disposition, note: this.note.value.trim() || null }, `closed: ${words(disposition)}`);
  }

  async act(action, body, done) {
    const agentId = this.agentId;
    this.controls.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    try {
      await api('POST', `/api/agents/${encodeURIComponent(agentId)}/${action}`, body ?? {});
      showError(null);
      this.setStatus(done);
      this.finish();
    } catch (error) {
      showError(error);
    } finally {
      this.controls.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    }
  }

  /** The call is no longer this agent's to act in: the transcript stays, the controls go. */
  finish() {
    if (this.finished) return;
    this.finished = true;
    this.stopVoice();
    this.root.dataset.finished = 'true';
    this.controls.hidden = true;
    this.setSuggestions([]);
    this.onFinished();
  }
}
