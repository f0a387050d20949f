// Draw a digit with mouse, touch or pen (pointer events) on a 280 × 280 canvas — ten canvas
// pixels per MNIST pixel. The core's preprocessDigit makes the drawing look like an MNIST digit
// (crop, scale into 20 × 20, centre by mass); a test digit picked from the gallery is shown
// as-is, already in MNIST's form.

const SIZE = 280;
const BRUSH = 22;

export class DrawPad {
  /**
   * @param {HTMLCanvasElement} canvas  the drawing surface
   * @param {HTMLCanvasElement} preview a 28 × 28 canvas showing the network's input
   * @param {{ onChange(): void }} hooks
   */
  constructor(canvas, preview, hooks) {
    canvas.width = canvas.height = SIZE;
    preview.width = preview.height = 28;
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d", { willReadFrequently: true });
    this.preview = preview.getContext("2d");
    this.hooks = hooks;
    this.last = null;
    this.mnist = null; // { pixels: Uint8Array(784), label } when a test digit is shown
    this.blank = true;
    this.clear(false);
    canvas.addEventListener("pointerdown", (e) => {
      canvas.setPointerCapture(e.pointerId);
      if (this.mnist) this.clear(false); // drawing starts over on a fresh canvas
      this.last = this.point(e);
      this.stroke(this.last, this.last);
      e.preventDefault();
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!this.last) return;
      // Coalesced events give smooth strokes from fast pens and mice.
      for (const ev of e.getCoalescedEvents?.() ?? [e]) {
        const p = this.point(ev);
        this.stroke(this.last, p);
        this.last = p;
      }
    });
    const end = () => (this.last = null);
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
  }

  point(e) {
    const r = this.canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * SIZE, y: ((e.clientY - r.top) / r.height) * SIZE };
  }

  stroke(a, b) {
    const { ctx } = this;
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = BRUSH;
    ctx.lineCap = ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x + 0.01, b.y);
    ctx.stroke();
    this.blank = false;
    this.hooks.onChange();
  }

  clear(notify = true) {
    this.ctx.fillStyle = "#000";
    this.ctx.fillRect(0, 0, SIZE, SIZE);
    this.mnist = null;
    this.blank = true;
    if (notify) this.hooks.onChange();
  }

  /** Show an MNIST digit (784 bytes) as the input, scaled up. */
  setDigit(pixels, label) {
    const small = new ImageData(28, 28);
    pixels.forEach((v, i) => small.data.set([v, v, v, 255], i * 4));
    const tmp = new OffscreenCanvas(28, 28);
    tmp.getContext("2d").putImageData(small, 0, 0);
    this.ctx.imageSmoothingEnabled = false;
    this.ctx.drawImage(tmp, 0, 0, SIZE, SIZE);
    this.mnist = { pixels, label };
    this.blank = false;
    this.hooks.onChange();
  }

  /** The drawing as SIZE × SIZE values in [0, 1] (1 = ink), for preprocessDigit. */
  image() {
    const data = this.ctx.getImageData(0, 0, SIZE, SIZE).data;
    const out = new Float32Array(SIZE * SIZE);
    for (let i = 0; i < out.length; i++) out[i] = data[i * 4] / 255;
    return out;
  }

  get size() {
    return SIZE;
  }

  /** Draw the network's 784 inputs into the preview. */
  showInput(x) {
    const img = new ImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(255 * Math.max(0, Math.min(1, x[i])));
      img.data.set([v, v, v, 255], i * 4);
    }
    this.preview.putImageData(img, 0, 0);
  }
}
