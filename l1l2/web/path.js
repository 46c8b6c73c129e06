// path: the exact lasso path on real data (or the user's CSV). mathcore gives the breakpoints (λ_k and the
// exact coefficients there); between them the path is linear, in λ and in s = ‖w‖₁ / ‖w_end‖₁. The slider
// sets s; λ follows on its segment, and the coefficients are LassoPath.at(λ), the same arithmetic in the
// same order, so every number equals mathcore's and a weight that is 0 at both ends of a segment is 0.
(function () {
  "use strict";
  const D = window.L1L2_DATA, UI = window.L1L2UI;
  const $ = (id) => document.getElementById(id);
  const lams = D.lams, coefs = D.coefs, S = D.s, d = D.names.length, last = lams.length - 1;
  const sInput = $("s");

  // λ at shrinkage s: on the segment [S_k, S_k+1] that holds s, linearly (S grows as λ falls)
  function lamAt(s) {
    if (s <= S[0]) return lams[0];
    if (s >= S[last]) return lams[last];
    let k = 0;
    while (k < last - 1 && S[k + 1] < s) k++;
    if (S[k + 1] === S[k]) return lams[k + 1];
    return lams[k] + (s - S[k]) / (S[k + 1] - S[k]) * (lams[k + 1] - lams[k]);
  }

  // mathcore.paths.LassoPath.at
  function at(lam) {
    if (lam >= lams[0]) return coefs[0].slice();
    if (lam <= lams[last]) return coefs[last].slice();
    let count = 0;
    for (const l of lams) if (l >= lam) count++;
    const k = count - 1, lo = lams[k + 1], hi = lams[k];
    const t = (hi - lam) / (hi - lo);
    return coefs[k].map((c, j) => (c === 0 && coefs[k + 1][j] === 0) ? 0 : c + t * (coefs[k + 1][j] - c));
  }

  // the profiles against s, exact polylines through the breakpoints
  const svg = $("profiles");
  let lo = 0, hi = 0;
  for (const row of coefs) for (const c of row) { lo = Math.min(lo, c); hi = Math.max(hi, c); }
  const pad = 0.06 * (hi - lo || 1);
  const P = new UI.Plot(svg, { x: 54, y: 12, w: 330, h: 250 }, [0, 1], [lo - pad, hi + pad]);
  P.axes({ xStep: 0.2, yStep: UI.niceStep(hi - lo || 1, 5), xLabel: "s →", yLabel: "weight",
    xLabelAt: [P.X(1), P.box.y + P.box.h + 15] });
  const lines = [], labels = [];
  for (let j = 0; j < d; j++) {
    lines.push(UI.el("path", { class: "curve l1 profile", "stroke-width": 2, "stroke-opacity": 0.8,
      d: P.path(S.map((s, k) => [s, coefs[k][j]])) }, svg));
  }
  // each line named at its end (s = 1), the names pushed apart to at least one line of text
  const gap = 14, ends = [];
  for (let j = 0; j < d; j++) ends.push({ j: j, y: P.Y(coefs[last][j]) });
  ends.sort((u, v) => u.y - v.y);
  for (let k = 1; k < ends.length; k++) ends[k].y = Math.max(ends[k].y, ends[k - 1].y + gap);
  const floor = P.box.y + P.box.h + 10;
  if (ends.length && ends[ends.length - 1].y > floor) {
    ends[ends.length - 1].y = floor;
    for (let k = ends.length - 2; k >= 0; k--) ends[k].y = Math.min(ends[k].y, ends[k + 1].y - gap);
  }
  for (const e of ends) {
    const t = UI.el("text", { x: P.X(1) + 6, y: e.y + 4, class: "end-label" }, svg);
    t.textContent = D.short[e.j];
    labels[e.j] = t;
  }
  const marker = UI.el("line", { class: "marker", y1: P.Y(hi + pad), y2: P.Y(lo - pad) }, svg);
  const dots = [];
  for (let j = 0; j < d; j++) dots.push(UI.el("circle", { r: 4.5, class: "dot l1" }, svg));
  P.raiseAxes([marker, ...dots]);
  function highlight(j, on) {
    lines[j].classList.toggle("hl", on);
    labels[j].classList.toggle("hl", on);
    rows[j].classList.toggle("picked", on);
    if (on) svg.insertBefore(lines[j], P.axesGroup);  // the highlighted line over the others
  }

  // the table, in order of entry (features that never enter last), names as text
  const body = $("coef-rows"), cells = [], rows = [];
  let picked = -1;
  for (const j of D.order) {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = D.names[j];
    const td = document.createElement("td");
    tr.append(th, td);
    body.appendChild(tr);
    rows[j] = tr;
    cells[j] = td;
    // a row picks out its line: hovered or focused for a look, clicked, tapped or Enter to keep it
    tr.tabIndex = 0;
    const keep = () => { picked = picked === j ? -1 : j; for (let i = 0; i < d; i++) if (rows[i]) highlight(i, i === picked); };
    tr.addEventListener("pointerenter", () => highlight(j, true));
    tr.addEventListener("pointerleave", () => highlight(j, picked === j));
    tr.addEventListener("focus", () => highlight(j, true));
    tr.addEventListener("blur", () => highlight(j, picked === j));
    tr.addEventListener("click", keep);
    tr.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") { keep(); event.preventDefault(); } });
  }

  const out = { s: $("r-s"), lam: $("r-lam"), count: $("r-count"), caption: $("coef-caption") };

  function redraw() {
    const s = sInput.valueAsNumber;
    const lam = lamAt(s), w = at(lam);
    let nonzero = 0;
    for (let j = 0; j < d; j++) {
      UI.setReadout(cells[j], w[j]);
      rows[j].classList.toggle("zero", w[j] === 0);
      if (w[j] !== 0) nonzero++;
    }
    // the marker at this λ's own s (equal to the slider's, up to rounding)
    const l1 = w.reduce((t, c) => t + Math.abs(c), 0), end = coefs[last].reduce((t, c) => t + Math.abs(c), 0);
    const sHere = end > 0 ? l1 / end : 0;
    marker.setAttribute("x1", P.X(sHere)); marker.setAttribute("x2", P.X(sHere));
    for (let j = 0; j < d; j++) { dots[j].setAttribute("cx", P.X(sHere)); dots[j].setAttribute("cy", P.Y(w[j])); }
    UI.setReadout(out.s, s);
    UI.setReadout(out.lam, lam);
    UI.setReadout(out.count, `${nonzero} of ${d}`);
    out.count.dataset.value = String(nonzero);
    out.caption.textContent = `${nonzero} of ${d} weights are non-zero at λ = ${UI.fmt(lam)}`;
    $("s-out").textContent = UI.fmt(s);
    window.L1L2_STATE = { s: s, lam: lam, w: w };
  }
  UI.bindRange(sInput, redraw);
  redraw();
  document.body.dataset.ready = "1";
})();
