// budget: seed 002's widget. One plane: the loss's ellipses around ŵ, the set {size(w) ≤ C} (L1 diamond,
// L2 disc or elastic-net ball), the contact point — the exact constrained minimizer, from L1L2Exact — the
// contour through it, and the solution path from ŵ down to this C. Controls: the set, C, α (elastic net),
// the tilt of the ellipses, ŵ (drag it, or focus it and use the arrow keys) and ▶, the video's sweep.
(function () {
  "use strict";
  const D = window.L1L2_DATA, X = window.L1L2Exact, UI = window.L1L2UI;
  const $ = (id) => document.getElementById(id);
  const NAMES = { l1: "L1 diamond", l2: "L2 disc", elastic: "elastic-net ball" };
  const LAM_NOTES = {
    l1: "λ: the penalty strength at which minimizing loss + λ(|w₁| + |w₂|) gives this same point.",
    l2: "λ: the penalty strength at which minimizing loss + λ(w₁² + w₂²) gives this same point.",
    elastic: "λ: the penalty strength at which minimizing loss + λ(α(|w₁| + |w₂|) + (1 − α)(w₁² + w₂²)) gives " +
      "this same point.",
  };
  const svg = $("plane"), widget = document.querySelector(".widget");
  const R = D.reach;
  const plot = new UI.Plot(svg, { x: 34, y: 14, w: 356, h: 356 }, [-R, R], [-R, R]);
  const clip = plot.clip("plane-clip");
  const step = UI.niceStep(2 * R, 6);
  plot.axes({ xStep: step, yStep: step, xLabel: "w₁", yLabel: "w₂" });
  const layer = UI.el("g", { "clip-path": clip }, svg);
  const setShape = UI.el("path", { class: "set" }, layer);
  const contour = UI.el("ellipse", { class: "contour" }, layer);
  const trace = UI.el("path", { class: "trace" }, layer);
  const top = UI.el("g", { "clip-path": clip }, svg);
  const contact = UI.el("circle", { r: 6.5, class: "contact" }, top);
  const hatGroup = UI.el("g", {
    class: "handle", tabindex: "0", role: "slider", "aria-roledescription": "draggable point",
    "aria-label": "ŵ, the least-squares point: drag it, or use the arrow keys (Page Up/Down and Home/End: big steps)",
  }, svg);
  UI.el("circle", { r: 22, class: "hit" }, hatGroup);
  UI.el("circle", { r: 5.5, class: "hat" }, hatGroup);
  const hatLabel = UI.el("text", { class: "hat-label" }, hatGroup);
  hatLabel.textContent = "ŵ";
  plot.raiseAxes([top, hatGroup]);  // tick labels over the set and path, under the dot and ŵ

  const inputs = { C: $("C"), alpha: $("alpha"), tilt: $("tilt") };
  const state = { norm: "l1", c: D.center.slice(), H: D.H, angle: D.tilt0 };
  const out = {
    C: $("r-C"), lam: $("r-lam"), w1: $("r-w1"), w2: $("r-w2"), hat: $("r-hat"), sentence: $("sentence"),
  };

  // H = R(θ) diag(small, large) R(θ)ᵀ; at the starting tilt the page uses mathcore's own H.
  function hessian(deg) {
    if (deg === D.tilt0) return D.H;
    const t = deg * Math.PI / 180, c = Math.cos(t), s = Math.sin(t), a = D.eig_small, b = D.eig_large;
    const off = (a - b) * c * s;
    return [[a * c * c + b * s * s, off], [off, a * s * s + b * c * c]];
  }

  function alpha() { return Number(inputs.alpha.value); }

  function boundary(C) {
    if (state.norm === "l1") return `M${plot.X(C)} ${plot.Y(0)}L${plot.X(0)} ${plot.Y(C)}L${plot.X(-C)} ${plot.Y(0)}` +
      `L${plot.X(0)} ${plot.Y(-C)}Z`;
    if (state.norm === "l2") {
      const r = plot.X(C) - plot.X(0);
      return `M${plot.X(C)} ${plot.Y(0)}A${r} ${r} 0 1 0 ${plot.X(-C)} ${plot.Y(0)}A${r} ${r} 0 1 0 ${plot.X(C)} ` +
        `${plot.Y(0)}Z`;
    }
    // α(|w₁| + |w₂|) + (1 − α)‖w‖² = C along each direction θ: the positive root r(θ).
    const a = alpha(), pts = [];
    for (let k = 0; k < 360; k++) {
      const t = k * Math.PI / 180, u = Math.cos(t), v = Math.sin(t), b = a * (Math.abs(u) + Math.abs(v));
      const r = 2 * C / (b + Math.sqrt(b * b + 4 * (1 - a) * C));
      pts.push([r * u, r * v]);
    }
    return plot.path(pts) + "Z";
  }

  function contourThrough(w) {
    const H = state.H, c = state.c;
    const k = X.level(H, c, 0, w);  // (w − ŵ)ᵀH(w − ŵ)
    if (!(k > 0)) { contour.setAttribute("visibility", "hidden"); return; }
    const a = H[0][0], b = H[0][1], d = H[1][1];
    const mean = (a + d) / 2, half = Math.hypot((a - d) / 2, b);
    const small = mean - half, large = mean + half;
    const angle = Math.abs(b) > 0 ? Math.atan2(small - a, b) : (a <= d ? 0 : Math.PI / 2);  // long axis
    const unit = plot.box.w / (2 * R);
    const cx = plot.X(c[0]), cy = plot.Y(c[1]);
    contour.setAttribute("cx", cx); contour.setAttribute("cy", cy);
    contour.setAttribute("rx", Math.sqrt(k / small) * unit);
    contour.setAttribute("ry", Math.sqrt(k / large) * unit);
    contour.setAttribute("transform", `rotate(${-angle * 180 / Math.PI} ${cx} ${cy})`);
    contour.setAttribute("visibility", "visible");
  }

  function solve(C) { return X.constrained2(state.H, state.c, 0, C, state.norm, alpha()); }

  function sentence(sol, size, C) {
    const set = NAMES[state.norm];
    if (size <= C) return `ŵ is inside the ${set}: the budget does not bind, λ = 0 and w = ŵ.`;
    const zero = [sol.w[0] === 0, sol.w[1] === 0];
    if (zero[0] && zero[1]) return "Both weights are exactly 0.";
    if (zero[0] || zero[1]) {
      const which = zero[0] ? "w₁" : "w₂";
      const where = state.norm === "l1" ? "a corner of the diamond" : `the ${set} on the ${zero[0] ? "w₂" : "w₁"} axis`;
      return `The contour touches ${where}: ${which} = 0 exactly.`;
    }
    return `The contour touches the ${set} where neither weight is 0: w₁ = ${UI.fmt(sol.w[0])}, w₂ = ${UI.fmt(sol.w[1])}.`;
  }

  function redraw() {
    const C = inputs.C.valueAsNumber;
    const sol = solve(C);
    const size = X.setSize(state.c, state.norm, alpha());
    svg.dataset.norm = state.norm;
    for (const n of Object.keys(NAMES)) widget.classList.toggle("norm-color-" + n, n === state.norm);
    setShape.setAttribute("d", boundary(C));
    contourThrough(sol.w);
    // the solution path: the exact minimizer at budgets from size(ŵ) down to C
    const pts = [state.c];
    if (size > C) for (let k = 1; k <= 120; k++) pts.push(solve(size + (C - size) * k / 120).w);
    trace.setAttribute("d", plot.path(pts));
    contact.setAttribute("cx", plot.X(sol.w[0]));
    contact.setAttribute("cy", plot.Y(sol.w[1]));
    hatGroup.setAttribute("transform", `translate(${plot.X(state.c[0])} ${plot.Y(state.c[1])})`);
    const away = Math.hypot(state.c[0], state.c[1]) > 0 ? [state.c[0], -state.c[1]] : [1, -1];
    const n = Math.hypot(away[0], away[1]);
    // the label outside the touch circle, on the side away from the origin, flipped back inside near an edge
    let lx = 27 * away[0] / n - 6, ly = 27 * away[1] / n + 6;
    const hx = plot.X(state.c[0]), hy = plot.Y(state.c[1]), b = plot.box;
    if (hx + lx < b.x + 4 || hx + lx + 14 > b.x + b.w) lx = -lx - 12;
    if (hy + ly - 16 < b.y || hy + ly > b.y + b.h) ly = -ly + 12;
    hatLabel.setAttribute("x", lx);
    hatLabel.setAttribute("y", ly);
    hatGroup.setAttribute("aria-valuetext", `ŵ = (${UI.fmt(state.c[0])}, ${UI.fmt(state.c[1])})`);
    UI.setReadout(out.C, C);
    UI.setReadout(out.lam, sol.lam);
    UI.setReadout(out.w1, sol.w[0]);
    UI.setReadout(out.w2, sol.w[1]);
    UI.setReadout(out.hat, `(${UI.fmt(state.c[0])}, ${UI.fmt(state.c[1])})`);
    out.hat.dataset.value = JSON.stringify(state.c);
    const note = LAM_NOTES[state.norm];
    if ($("lam-note").textContent !== note) $("lam-note").textContent = note;
    const said = sentence(sol, size, C);
    if (out.sentence.textContent !== said) out.sentence.textContent = said;
    $("C-out").textContent = UI.fmt(C);
    $("tilt-out").textContent = `${inputs.tilt.value}°`;
    $("alpha-out").textContent = UI.fmt(alpha(), 2);
    // what the tests and the benchmark read: the exact problem on screen
    window.L1L2_STATE = { H: state.H, c: state.c.slice(), C: C, norm: state.norm, alpha: alpha(), sol: sol,
      reach: R };
  }

  for (const radio of document.querySelectorAll("input[name=norm]")) {
    radio.addEventListener("change", (event) => {
      state.norm = radio.value;
      paused = null;  // a paused sweep was for the other set
      $("alpha-row").hidden = state.norm !== "elastic";
      UI.timed(event, redraw);
    });
  }
  UI.bindRange(inputs.C, redraw);
  UI.bindRange(inputs.alpha, redraw);
  inputs.tilt.addEventListener("input", (event) => {
    state.H = hessian(Number(inputs.tilt.value));
    UI.timed(event, redraw);
  });

  // ŵ: pointer (mouse, pen, touch) drags it; arrow keys step it.
  const clampR = (v) => Math.min(Math.max(v, -R), R);
  hatGroup.addEventListener("pointerdown", (event) => {
    paused = null;  // a paused sweep was for the old ŵ
    hatGroup.setPointerCapture(event.pointerId);
    hatGroup.classList.add("dragging");
    event.preventDefault();
  });
  hatGroup.addEventListener("pointermove", (event) => {
    if (!hatGroup.hasPointerCapture(event.pointerId)) return;
    const p = plot.fromEvent(event);
    state.c = [clampR(p[0]), clampR(p[1])];
    UI.timed(event, redraw);
  });
  const release = (event) => {
    if (hatGroup.hasPointerCapture(event.pointerId)) hatGroup.releasePointerCapture(event.pointerId);
    hatGroup.classList.remove("dragging");
  };
  hatGroup.addEventListener("pointerup", release);
  hatGroup.addEventListener("pointercancel", release);
  const keyStep = R / 100;
  hatGroup.addEventListener("keydown", (event) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1],
      PageUp: [0, 10], PageDown: [0, -10], Home: [-10, 0], End: [10, 0] };
    const m = moves[event.key];
    if (!m) return;
    state.c = [clampR(state.c[0] + m[0] * keyStep), clampR(state.c[1] + m[1] * keyStep)];
    event.preventDefault();
    UI.timed(event, redraw);
  });

  // ▶: the video's sweep, C from 1.05 × ŵ's size (in this set's measure) down to c_end of it in sweep_seconds.
  // ⏸ pauses; ▶ then goes on from there, unless C was moved meanwhile.
  const play = $("play");
  let playing = null, paused = null;
  function stop() {
    if (playing !== null) cancelAnimationFrame(playing);
    playing = null;
    play.setAttribute("aria-pressed", "false");
    play.textContent = "▶ Play the sweep";
  }
  function run(start, end, from) {
    const t0 = performance.now() - from * 1000 * D.sweep_seconds;
    play.setAttribute("aria-pressed", "true");
    play.textContent = "⏸ Pause";
    const frame = (now) => {
      const t = Math.min((now - t0) / (1000 * D.sweep_seconds), 1);
      inputs.C.value = String(start + (end - start) * t);
      redraw();
      paused = t < 1 ? { start: start, end: end, t: t, C: inputs.C.value } : null;
      playing = t < 1 ? requestAnimationFrame(frame) : null;
      if (playing === null) stop();
    };
    playing = requestAnimationFrame(frame);
  }
  play.addEventListener("click", () => {
    if (playing !== null) { stop(); return; }
    if (paused !== null && paused.C === inputs.C.value) { run(paused.start, paused.end, paused.t); return; }
    const max = Number(inputs.C.max), min = Number(inputs.C.min);
    const start = Math.min(1.05 * X.setSize(state.c, state.norm, alpha()), max);
    run(start, Math.max(D.c_end * start, min), 0);
  });
  for (const node of document.querySelectorAll(".controls input, .handle")) {
    node.addEventListener("pointerdown", stop);
    node.addEventListener("keydown", stop);
  }
  $("reset").addEventListener("click", (event) => {
    stop();
    paused = null;
    state.c = D.center.slice();
    state.H = D.H;
    state.norm = "l1";
    document.querySelector("input[name=norm][value=l1]").checked = true;
    $("alpha-row").hidden = true;
    inputs.alpha.value = "0.5";
    inputs.tilt.value = String(D.tilt0);
    inputs.C.value = String(D.c_first);
    UI.timed(event, redraw);
  });
  redraw();
  document.body.dataset.ready = "1";
})();
