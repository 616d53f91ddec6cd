// The softphone: microphone → AudioWorklet (16 kHz, 20 ms frames of 16-bit PCM) → /media/pcm; the bot's PCM frames
// → a player worklet (its queue is flushed on "clear", when the caller barges in); JSON events → transcript and mood.
// Each call first asks for a /media/pcm ticket (good for one connection, for a minute): open to anyone when the engine
// allows anonymous browser calls, otherwise to signed-in staff (the page then offers the sign-in).
const RATE = 16000;
const callButton = document.getElementById('call');
const statusLine = document.getElementById('status');
const transcript = document.getElementById('transcript');
const emotionMeter = document.getElementById('emotion');
const emotionValue = document.getElementById('emotion-value');

let socket = null, context = null, microphone = null, player = null, partialLine = null;

callButton.addEventListener('click', () => (socket ? hangUp() : call()));

async function call() {
  callButton.disabled = true;
  setStatus('Connecting…');
  try {
    const ticket = await fetch('/api/media/pcm-token', { method: 'POST' });
    if (ticket.status === 401 || ticket.status === 403) {
      throw new SignInNeeded();
    }

    if (!ticket.ok) {
      throw new Error((await ticket.json().catch(() => null))?.error ?? `${ticket.status} ${ticket.statusText}`);
    }

    const { token } = await ticket.json();
    microphone = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, channelCount: 1 } });
    context = new AudioContext({ sampleRate: RATE });
    await context.audioWorklet.addModule('pcm-worklet.js');
    const capture = new AudioWorkletNode(context, 'pcm-capture');
    player = new AudioWorkletNode(context, 'pcm-player');
    context.createMediaStreamSource(microphone).connect(capture);
    player.connect(context.destination);

    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/media/pcm?rate=${RATE}&access_token=${encodeURIComponent(token)}`);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'start', language: document.getElementById('language').value }));
      capture.port.onmessage = (e) => { if (socket && socket.readyState === WebSocket.OPEN) socket.send(e.data); };
    };
    socket.onmessage = (e) => (typeof e.data === 'string' ? onEvent(JSON.parse(e.data)) : player.port.postMessage(e.data, [e.data]));
    socket.onclose = (e) => { setStatus(e.reason ? `Call ended: ${e.reason}` : 'Call ended'); cleanUp(); };
    socket.onerror = () => setStatus('Connection error');
    callButton.textContent = 'Hang up';
    callButton.classList.add('hangup');
  } catch (error) {
    if (error instanceof SignInNeeded) {
      statusLine.replaceChildren('Calls from this page need a sign-in here: ', Object.assign(document.createElement('a'), { href: '/sign-in?returnUrl=/', textContent: 'sign in' }));
    } else {
      setStatus(`Cannot start the call: ${error.message}`);
    }

    cleanUp();
  } finally {
    callButton.disabled = false;
  }
}

class SignInNeeded extends Error {}

function hangUp() {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'hangup' }));
  socket?.close();
  cleanUp();
}

function cleanUp() {
  microphone?.getTracks().forEach((t) => t.stop());
  context?.close();
  socket = context = microphone = player = null;
  callButton.textContent = 'Call';
  callButton.classList.remove('hangup');
}

function onEvent(event) {
  switch (event.type) {
    case 'started': setStatus(`In call ${event.callId}`); document.body.dataset.callId = event.callId; break;
    case 'transcript':
      if (event.final) { partialLine?.remove(); partialLine = null; addLine('caller', event.text); }
      else { partialLine ??= addLine('caller partial', ''); partialLine.textContent = event.text; }
      break;
    case 'reply': addLine('bot', event.text); break;
    case 'emotion': emotionMeter.value = event.score; emotionValue.textContent = event.score.toFixed(2); break;
    case 'clear': player?.port.postMessage('clear'); break;
    case 'status': setStatus(`Status: ${event.status.replaceAll('_', ' ')}`); break;
    case 'error': setStatus(`Error: ${event.error}`); break;
  }
}

function addLine(kind, text) {
  const li = document.createElement('li');
  li.className = kind;
  li.textContent = text;
  transcript.appendChild(li);
  return li;
}

function setStatus(text) { statusLine.textContent = text; }
