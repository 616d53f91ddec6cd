// Capture: the AudioContext runs at 16 kHz; send 20 ms (320-sample) frames of 16-bit little-endian PCM.
class PcmCapture extends AudioWorkletProcessor {
  constructor() { super(); this.frame = new Int16Array(320); this.filled = 0; }
  process(inputs) {
    const input = inputs[0][0];
    if (!input) return true;
    for (let i = 0; i < input.length; i++) {
      const s = Math.max(-1, Math.min(1, input[i]));
      this.frame[this.filled++] = s < 0 ? s * 0x8000 : s * 0x7fff;
      if (this.filled === this.frame.length) {
        this.port.postMessage(this.frame.buffer.slice(0));
        this.filled = 0;
      }
    }
    return true;
  }
}

// Playback: a queue of the bot's PCM frames; "clear" drops what has not been played yet (barge-in).
class PcmPlayer extends AudioWorkletProcessor {
  constructor() {
    super();
    this.queue = [];
    this.offset = 0;
    this.port.onmessage = (e) => {
      if (e.data === 'clear') { this.queue = []; this.offset = 0; return; }
      this.queue.push(new Int16Array(e.data));
    };
  }
  process(_, outputs) {
    const output = outputs[0][0];
    for (let i = 0; i < output.length; i++) {
      const frame = this.queue[0];
      if (!frame) { output[i] = 0; continue; }
      output[i] = frame[this.offset++] / 0x8000;
      if (this.offset === frame.length) { this.queue.shift(); this.offset = 0; }
    }
    return true;
  }
}

registerProcessor('pcm-capture', PcmCapture);
registerProcessor('pcm-player', PcmPlayer);
