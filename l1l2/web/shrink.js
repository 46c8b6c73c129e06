// shrink: the 1-D story with a λ slider. The loss MSE(w) = a(w − ŵ)² + r, the two penalized objectives and
// their exact minimizers (L1L2Exact.penalized1, mathcore's closed forms), the one-sided slopes of
// MSE + λ|w| at w = 0, and the inset of both minimizers against λ with λ* = 2a|ŵ| marked.
(function () {
  "use strict";
  const D = window.L1L2_DATA, X = window.L1L2Exact, UI = window.L1L2UI;
  const $ = (id) => document.getElementById(id);
  const a = D.a, w0 = D.w0, r = D.r, q = D.q;  // q = a·ŵ, the loss's linear term
  const lamInput = $("lam");

  // the objectives: the loss, and the loss plus each penalty
  const mse = (w) => a * (w - w0) * (w - w0) + r;
  const J = { data: (w, lam) => mse(w), l1: (w, lam) => mse(w) + lam * Math.abs(w), l2: (w, lam) => mse(w) + lam * w * w };

  // the main plot: w across the video's range, the objectives up to their value at λ_max
  const main = $("curves");
  const P = new UI.Plot(main, { x: 48, y: 12, w: 348, h: 236 }, D.w_range, D.y_range);
  const clipMain = P.clip("curves-clip");
  P.axes({ xStep: UI.niceStep(D.w_range[1] - D.w_range[0], 5), yStep: UI.niceStep(D.y_range[1] - D.y_range[0], 4),
    xLabel: "w", yLabel: "" });
  const curveLayer = UI.el("g", { "clip-path": clipMain }, main);
  const curves = {}, dots = {};
  for (const k of ["data", "l2", "l1"]) curves[k] = UI.el("path", { class: "curve " + k }, curveLayer);
  const topLayer = UI.el("g", { "clip-path": clipMain }, main);  // above the tick labels
  const slopes = [UI.el("line", { class: "slope" }, topLayer), UI.el("line", { class: "slope" }, topLayer)];
  for (const k of ["data", "l2", "l1"]) dots[k] = UI.el("circle", { r: 6, class: "dot " + k }, topLayer);
  P.raiseAxes([topLayer]);

  // the inset: both minimizers against λ
  const inset = $("inset");
  const wLo = Math.min(0, w0) * 1.12, wHi = Math.max(0, w0) * 1.12;
  const I = new UI.Plot(inset, { x: 48, y: 16, w: 348, h: 150 }, [0, D.lam_max], [wLo, wHi]);
  I.axes({ xStep: UI.niceStep(D.lam_max, 5), yStep: UI.niceStep(wHi - wLo, 3), xLabel: "λ", yLabel: "minimizers w*(λ)" });
  const wl1 = [[0, X.penalized1(a, w0, 0, "l1")]];
  if (D.lam_star < D.lam_max) wl1.push([D.lam_star, 0]);
  wl1.push([D.lam_max, X.penalized1(a, w0, D.lam_max, "l1")]);
  const wl2 = [];
  for (let k = 0; k <= 200; k++) { const l = D.lam_max * k / 200; wl2.push([l, X.penalized1(a, w0, l, "l2")]); }
  UI.el("path", { class: "curve l2", d: I.path(wl2) }, inset);
  UI.el("path", { class: "curve l1", d: I.path(wl1) }, inset);
  if (D.lam_star <= D.lam_max) {
    UI.el("line", { x1: I.X(D.lam_star), x2: I.X(D.lam_star), y1: I.Y(wLo), y2: I.Y(wHi), class: "marker" }, inset);
    const t = UI.el("text", { x: I.X(D.lam_star) + 6, y: I.Y(0) - 9, class: "accent-text" }, inset);
    t.textContent = "λ* = " + UI.fmt(D.lam_star);
  }
  const now = UI.el("line", { class: "axis" }, inset);
  I.raiseAxes([now]);
  const insetDots = { l2: UI.el("circle", { r: 5.5, class: "dot l2" }, inset),
    l1: UI.el("circle", { r: 5.5, class: "dot l1" }, inset) };

  const out = { lam: $("r-lam"), star: $("r-star"), l1: $("r-l1"), l2: $("r-l2"), left: $("r-left"),
    right: $("r-right"), sentence: $("sentence") };

  function redraw() {
    const lam = lamInput.valueAsNumber;
    const w = { l1: X.penalized1(a, w0, lam, "l1"), l2: X.penalized1(a, w0, lam, "l2"), data: w0 };
    for (const k of ["data", "l1", "l2"]) {
      const pts = [];
      for (let i = 0; i <= 240; i++) {
        const x = D.w_range[0] + (D.w_range[1] - D.w_range[0]) * i / 240;
        pts.push([x, J[k](x, lam)]);
      }
      if (k === "l1" && D.w_range[0] < 0 && D.w_range[1] > 0) {  // the kink at 0 drawn as a corner
        pts.push([0, J.l1(0, lam)]);
        pts.sort((u, v) => u[0] - v[0]);
      }
      curves[k].setAttribute("d", P.path(pts));
      dots[k].setAttribute("cx", P.X(w[k]));
      dots[k].setAttribute("cy", P.Y(J[k](w[k], lam)));
    }
    // the one-sided slopes of MSE + λ|w| at w = 0: rising λ + 2aŵ going left, λ − 2aŵ going right
    const rise = { left: lam + 2 * q, right: lam - 2 * q };
    const h = 0.2 * (D.w_range[1] - D.w_range[0]), j0 = J.l1(0, lam);
    slopes[0].setAttribute("x1", P.X(0)); slopes[0].setAttribute("y1", P.Y(j0));
    slopes[0].setAttribute("x2", P.X(-h)); slopes[0].setAttribute("y2", P.Y(j0 + rise.left * h));
    slopes[1].setAttribute("x1", P.X(0)); slopes[1].setAttribute("y1", P.Y(j0));
    slopes[1].setAttribute("x2", P.X(h)); slopes[1].setAttribute("y2", P.Y(j0 + rise.right * h));
    now.setAttribute("x1", I.X(lam)); now.setAttribute("x2", I.X(lam));
    now.setAttribute("y1", I.Y(wLo)); now.setAttribute("y2", I.Y(wHi));
    for (const k of ["l1", "l2"]) { insetDots[k].setAttribute("cx", I.X(lam)); insetDots[k].setAttribute("cy", I.Y(w[k])); }
    UI.setReadout(out.lam, lam);
    UI.setReadout(out.star, D.lam_star);
    UI.setReadout(out.l1, w.l1);
    UI.setReadout(out.l2, w.l2);
    UI.setReadout(out.left, rise.left);
    UI.setReadout(out.right, rise.right);
    out.l1.classList.toggle("zero", w.l1 === 0);
    $("lam-out").textContent = UI.fmt(lam);
    const said = w.l1 === 0
      ? `λ ≥ λ*: from w = 0 neither slope falls (left ${UI.fmt(rise.left)}, right ${UI.fmt(rise.right)}), so no step ` +
        `goes downhill: the L1 minimizer is exactly 0. The L2 minimizer is still ${UI.fmt(w.l2)}.`
      : `λ < λ*: from w = 0 one slope falls (left ${UI.fmt(rise.left)}, right ${UI.fmt(rise.right)}), toward ŵ: ` +
        `the L1 minimizer is ${UI.fmt(w.l1)}, the L2 minimizer ${UI.fmt(w.l2)}.`;
    if (out.sentence.textContent !== said) out.sentence.textContent = said;
    window.L1L2_STATE = { a: a, w0: w0, lam: lam, w: w };
  }
  UI.bindRange(lamInput, redraw);
  redraw();
  document.body.dataset.ready = "1";
})();
