// The agent's voice on a voice call: microphone → the softphone's capture worklet (16 kHz, 20 ms frames of 16-bit
// PCM) → /media/agent; the caller's frames from it → the player worklet. The engine bridges it to the caller.
const RATE = 16000;

/**
 * Connects the agent's microphone and speaker to the call they are on. Returns { stop() }. Reports what happens
 * through onStatus(text) ("Voice connected", or why not).
 */
export async function startAgentVoice(agentId, onStatus) {
  let socket = null, context = null, microphone = null;
  const stop = () => {
    socket?.close();
    microphone?.getTracks().forEach((t) => t.stop());
    context?.close();
    socket = context = microphone = null;
  };
  try {
    microphone = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, channelCount: 1 } });
    context = new AudioContext({ sampleRate: RATE });
    await context.audioWorklet.addModule('/pcm-worklet.js');
    const capture = new AudioWorkletNode(context, 'pcm-capture');
    const player = new AudioWorkletNode(context, 'pcm-player');
    context.createMediaStreamSource(microphone).connect(capture);
    player.connect(context.destination);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/media/agent?agentId=${encodeURIComponent(agentId)}`);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      onStatus('Voice connected');
      capture.port.onmessage = (e) => { if (socket?.readyState === WebSocket.OPEN) socket.send(e.data); };
    };
    socket.onmessage = (e) => { if (typeof e.data !== 'string') player.port.postMessage(e.data, [e.data]); };
    socket.onclose = (e) => onStatus(e.reason ? `Voice ended: ${e.reason}` : 'Voice ended');
    socket.onerror = () => onStatus('Voice connection error');
  } catch (error) {
    onStatus(`Cannot connect your microphone: ${error.message}`);
    stop();
  }

  return { stop };
}
