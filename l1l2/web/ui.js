// What every interactive page shares (global L1L2UI): numbers as the video writes them, SVG drawing in
// data coordinates, range inputs bound to a redraw, and the input-to-frame timing the benchmark reads.
// The pages build every piece of user text with textContent, never as markup.
(function (root) {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const SUPERSCRIPT = { "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷",
    "8": "⁸", "9": "⁹", "-": "⁻" };

  // A number as the video's readouts write it (scenes.kit.typeset.fmt_plain): an exact zero is "0"; a
  // non-zero smaller than 10^−digits is "3.1 × 10⁻⁹", never a rounded "0.000"; else `digits` decimals;
  // a minus sign is "−".
  function fmt(x, digits) {
    if (digits === undefined) digits = 3;
    if (x === 0) return "0";
    if (Math.abs(x) < Math.pow(10, -digits)) {
      let exp = Math.floor(Math.log10(Math.abs(x)));
      let mant = x / Math.pow(10, exp);
      if (Math.abs(Number(mant.toFixed(1))) >= 10) { mant /= 10; exp += 1; }
      const power = String(exp).split("").map((ch) => SUPERSCRIPT[ch]).join("");
      return (mant.toFixed(1) + " × 10" + power).replace("-", "−");
    }
    return x.toFixed(digits).replace("-", "−");
  }

  function el(tag, attrs, parent) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  // A rectangle of an SVG's viewBox showing data x in [x0, x1] and y in [y0, y1] (y up).
  function Plot(svg, box, xRange, yRange) {
    this.svg = svg;
    this.box = box;  // {x, y, w, h} in viewBox units
    this.x0 = xRange[0]; this.x1 = xRange[1]; this.y0 = yRange[0]; this.y1 = yRange[1];
    svg.dataset.box = [box.x, box.y, box.w, box.h].join(" ");  // where the data lie (tests map to pixels)
  }
  Plot.prototype.X = function (x) { return this.box.x + (x - this.x0) / (this.x1 - this.x0) * this.box.w; };
  Plot.prototype.Y = function (y) { return this.box.y + (this.y1 - y) / (this.y1 - this.y0) * this.box.h; };
  Plot.prototype.path = function (points) {
    let d = "";
    for (let k = 0; k < points.length; k++) {
      d += (k ? "L" : "M") + this.X(points[k][0]).toFixed(2) + " " + this.Y(points[k][1]).toFixed(2);
    }
    return d;
  };
  // Data coordinates of a pointer event over the SVG.
  Plot.prototype.fromEvent = function (event) {
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(this.svg.getScreenCTM().inverse());
    return [this.x0 + (p.x - this.box.x) / this.box.w * (this.x1 - this.x0),
      this.y1 - (p.y - this.box.y) / this.box.h * (this.y1 - this.y0)];
  };
  Plot.prototype.clip = function (id) {
    const defs = el("defs", {}, this.svg);
    const clip = el("clipPath", { id: id }, defs);
    el("rect", { x: this.box.x, y: this.box.y, width: this.box.w, height: this.box.h }, clip);
    return "url(#" + id + ")";
  };
  // Axes through 0 (or along the box's edges when 0 is outside), ticks every `step` with labels.
  Plot.prototype.axes = function (opts) {
    const g = el("g", { class: "axes" }, this.svg);
    const ax = Math.min(Math.max(0, this.y0), this.y1), ay = Math.min(Math.max(0, this.x0), this.x1);
    el("line", { x1: this.box.x, x2: this.box.x + this.box.w, y1: this.Y(ax), y2: this.Y(ax), class: "axis" }, g);
    el("line", { x1: this.X(ay), x2: this.X(ay), y1: this.box.y, y2: this.box.y + this.box.h, class: "axis" }, g);
    const ticks = (lo, hi, step) => {
      const out = [];
      for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k++) if (k !== 0) out.push(k * step);
      return out;
    };
    for (const t of ticks(this.x0, this.x1, opts.xStep)) {
      el("line", { x1: this.X(t), x2: this.X(t), y1: this.Y(ax) - 3, y2: this.Y(ax) + 3, class: "axis" }, g);
      el("text", { x: this.X(t), y: this.Y(ax) + 14, class: "tick", "text-anchor": "middle" }, g)
        .textContent = fmtTick(t);
    }
    for (const t of ticks(this.y0, this.y1, opts.yStep)) {
      el("line", { x1: this.X(ay) - 3, x2: this.X(ay) + 3, y1: this.Y(t), y2: this.Y(t), class: "axis" }, g);
      el("text", { x: this.X(ay) - 6, y: this.Y(t) + 4, class: "tick", "text-anchor": "end" }, g)
        .textContent = fmtTick(t);
    }
    if (opts.xLabel) {
      const at = opts.xLabelAt || [this.box.x + this.box.w + 4, this.Y(ax) - 6];
      el("text", { x: at[0], y: at[1], class: "axis-label", "text-anchor": opts.xLabelAt ? "end" : "start" }, g)
        .textContent = opts.xLabel;
    }
    if (opts.yLabel) {
      el("text", { x: this.X(ay) + 8, y: this.box.y + 12, class: "axis-label" }, g).textContent = opts.yLabel;
    }
    this.axesGroup = g;
    return g;
  };
  // Lifts the axes (tick labels with their halo) above what was drawn since, and then `above` over them.
  Plot.prototype.raiseAxes = function (above) {
    this.svg.appendChild(this.axesGroup);
    for (const node of above || []) this.svg.appendChild(node);
  };

  function fmtTick(t) {
    const s = Math.abs(t - Math.round(t)) < 1e-9 ? String(Math.round(t)) : String(Number(t.toPrecision(3)));
    return s.replace("-", "−");
  }

  // A tick step of 1, 2 or 5 × 10^k giving about `count` ticks over `span`.
  function niceStep(span, count) {
    const raw = span / count, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const m = raw / mag;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * mag;
  }

  // Input-to-frame times (ms) of the last inputs, from the input event's time stamp to the animation frame
  // after the page redrew (window.L1L2_FRAMES), and the redraw's own time (window.L1L2_WORK): what
  // benchmarks/interactive.py reads. A redraw is one solve and a few SVG attributes, so neither grows.
  const frames = [], work = [];
  root.L1L2_FRAMES = frames;
  root.L1L2_WORK = work;
  function timed(event, redraw) {
    const start = event && event.timeStamp ? event.timeStamp : performance.now();
    const t0 = performance.now();
    redraw();
    work.push(performance.now() - t0);
    requestAnimationFrame(() => frames.push(performance.now() - start));
    if (frames.length > 5000) { frames.splice(0, 1000); work.splice(0, 1000); }
  }

  // A range input: `redraw` on every input (dragging, arrow keys, Page Up/Down, Home/End: the browser's own
  // slider keys), and its <output> showing the value.
  function bindRange(input, redraw) {
    input.addEventListener("input", (event) => timed(event, redraw));
  }

  // Sets a readout: its text, and its full value in data-value (what the tests compare with mathcore).
  function setReadout(node, value, digits) {
    const text = typeof value === "number" ? fmt(value, digits) : value;
    if (node.textContent !== text) node.textContent = text;
    node.dataset.value = typeof value === "number" ? String(value) : value;
  }

  // In an iframe, tell the host page how tall this page is whenever that changes (the embed snippet's script
  // sizes the frame to it).
  if (root.parent && root.parent !== root && typeof ResizeObserver !== "undefined") {
    let told = 0;
    // the body's own height (body margin 0): the root's scrollHeight is never less than the frame, so a frame
    // taller than its page would never shrink back
    new ResizeObserver(() => {
      const h = Math.ceil(document.body.getBoundingClientRect().height);
      if (h !== told) { told = h; root.parent.postMessage({ type: "l1l2-height", height: h }, "*"); }
    }).observe(document.body);
  }

  root.L1L2UI = { fmt, el, Plot, niceStep, bindRange, timed, setReadout };
})(typeof window !== "undefined" ? window : globalThis);
