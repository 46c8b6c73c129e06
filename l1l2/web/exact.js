// Exact 2-D and 1-D minimizers for the interactive pages: the same closed forms as mathcore
// (mathcore/constrained.py, mathcore/penalized.py), in the page, so a dragged ŵ or slid C gets its
// answer at once. mathcore stays the reference: tests/test_web_exact.py runs this file in Chromium on
// 10,000 random problems and checks every answer against mathcore (1e-12 apart, the same exact zeros).
//
// The loss is L(w) = (w − c)ᵀH(w − c) + r, H symmetric positive definite (2×2: [[h11, h12], [h12, h22]]);
// q = Hc. Penalties: "l1" ‖w‖₁, "l2" ‖w‖₂², "elastic" α‖w‖₁ + (1 − α)‖w‖₂². Every λ returned is the
// penalized one whose minimizer is the same point (mathcore's convention). An exact zero is 0.
(function (root) {
  "use strict";

  function matVec(H, v) {
    return [H[0][0] * v[0] + H[0][1] * v[1], H[1][0] * v[0] + H[1][1] * v[1]];
  }

  function level(H, c, r, w) {
    const d = [w[0] - c[0], w[1] - c[1]];
    const Hd = matVec(H, d);
    return d[0] * Hd[0] + d[1] * Hd[1] + r;
  }

  function softThreshold(x, t) {
    if (x > t) return x - t;
    if (x < -t) return x + t;
    return 0;
  }

  function penaltyValue(w, norm, alpha) {
    const l1 = Math.abs(w[0]) + Math.abs(w[1]);
    const l2 = w[0] * w[0] + w[1] * w[1];
    if (norm === "l1") return l1;
    if (norm === "l2") return l2;
    return alpha * l1 + (1 - alpha) * l2;
  }

  // The L1-penalized 2-D minimizer of wᵀAw − 2qᵀw + 2t‖w‖₁ (A positive definite): the stationarity
  // conditions on each active set give one candidate each; the minimizer is the candidate with the
  // smallest objective (the true one is among them, the others are just points).
  function lasso2(A, q, t) {
    const det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
    const candidates = [[0, 0]];
    for (let i = 0; i < 2; i++) {
      const w = [0, 0];
      w[i] = softThreshold(q[i], t) / A[i][i];
      candidates.push(w);
    }
    for (const s0 of [1, -1]) {
      for (const s1 of [1, -1]) {
        const b0 = q[0] - t * s0, b1 = q[1] - t * s1;
        const w = [(A[1][1] * b0 - A[0][1] * b1) / det, (A[0][0] * b1 - A[1][0] * b0) / det];
        if (Math.sign(w[0]) === s0 && Math.sign(w[1]) === s1) candidates.push(w);
      }
    }
    let best = null, bestValue = Infinity;
    for (const w of candidates) {
      const Aw = matVec(A, w);
      const value = w[0] * Aw[0] + w[1] * Aw[1] - 2 * (q[0] * w[0] + q[1] * w[1])
        + 2 * t * (Math.abs(w[0]) + Math.abs(w[1]));
      if (value < bestValue) { best = w; bestValue = value; }
    }
    return best;
  }

  // argmin L(w) + λ·P(w) in 2-D (mathcore.penalized_minimizer).
  function penalized2(H, c, lam, norm, alpha) {
    const a = norm === "l1" ? 1 : norm === "l2" ? 0 : alpha;
    const q = matVec(H, c);
    const A = [[H[0][0] + lam * (1 - a), H[0][1]], [H[1][0], H[1][1] + lam * (1 - a)]];
    if (a === 0) {
      const det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
      return [(A[1][1] * q[0] - A[0][1] * q[1]) / det, (A[0][0] * q[1] - A[1][0] * q[0]) / det];
    }
    return lasso2(A, q, lam * a / 2);
  }

  // The diamond ‖w‖₁ ≤ C, c outside: on each edge w(t) = P + t(Q − P) the quadratic's minimum in closed
  // form, t clipped to [0, 1]; an endpoint is the corner itself, so a corner contact has an exact 0
  // (mathcore.diamond_minimizer_2d). λ from the active set: ‖w(λ)‖₁ = C on it (the homotopy's piece).
  function diamond(H, c, C) {
    const corners = [[C, 0], [0, C], [-C, 0], [0, -C]];
    let best = null, bestValue = Infinity;
    for (let k = 0; k < 4; k++) {
      const P = corners[k], Q = corners[(k + 1) % 4];
      const D = [Q[0] - P[0], Q[1] - P[1]];
      const e = [P[0] - c[0], P[1] - c[1]];
      const HD = matVec(H, D);
      let t = -(e[0] * HD[0] + e[1] * HD[1]) / (HD[0] * D[0] + HD[1] * D[1]);
      t = Math.min(Math.max(t, 0), 1);
      const w = t === 0 ? P.slice() : t === 1 ? Q.slice() : [P[0] + t * D[0], P[1] + t * D[1]];
      const value = level(H, c, 0, w);
      if (value < bestValue) { best = w; bestValue = value; }
    }
    const q = matVec(H, c);
    const s = [Math.sign(best[0]), Math.sign(best[1])];
    let lam;
    if (s[0] !== 0 && s[1] !== 0) {  // an edge: H w = q − (λ/2)s, sᵀw = C
      const det = H[0][0] * H[1][1] - H[0][1] * H[1][0];
      const Hq = [(H[1][1] * q[0] - H[0][1] * q[1]) / det, (H[0][0] * q[1] - H[1][0] * q[0]) / det];
      const Hs = [(H[1][1] * s[0] - H[0][1] * s[1]) / det, (H[0][0] * s[1] - H[1][0] * s[0]) / det];
      lam = 2 * (s[0] * Hq[0] + s[1] * Hq[1] - C) / (s[0] * Hs[0] + s[1] * Hs[1]);
    } else {  // a corner: w_i = (q_i − (λ/2)s_i)/H_ii with |w_i| = C
      const i = s[0] !== 0 ? 0 : 1;
      lam = 2 * (s[i] * q[i] - C * H[i][i]);
    }
    return { w: best, lam: lam };
  }

  // The disc ‖w‖₂ ≤ C, c outside: w(μ) = (H + μI)⁻¹Hc with ‖w(μ)‖ = C, Newton on 1/‖w(μ)‖ − 1/C from
  // μ = 0 until μ stops growing (mathcore.disc_multiplier); λ = μ.
  function disc(H, c, C) {
    const a = H[0][0], b = H[0][1], d = H[1][1];
    const mean = (a + d) / 2, half = Math.hypot((a - d) / 2, b);
    const evals = [mean - half, mean + half];
    // eigenvectors: for the larger eigenvalue, (b, λ₂ − a) or (λ₂ − d, b), whichever is longer
    let v = Math.abs(evals[1] - a) >= Math.abs(evals[1] - d) ? [b, evals[1] - a] : [evals[1] - d, b];
    let n = Math.hypot(v[0], v[1]);
    if (n === 0) v = a >= d ? [1, 0] : [0, 1]; else v = [v[0] / n, v[1] / n];
    const Q = [[-v[1], v[0]], [v[0], v[1]]];  // columns: eigenvectors of evals[0], evals[1]
    const proj = [Q[0][0] * c[0] + Q[1][0] * c[1], Q[0][1] * c[0] + Q[1][1] * c[1]];
    const bb = [evals[0] * proj[0], evals[1] * proj[1]];
    let mu = 0;
    for (let it = 0; it < 200; it++) {
      const den = [evals[0] + mu, evals[1] + mu];
      const norm2 = bb[0] * bb[0] / (den[0] * den[0]) + bb[1] * bb[1] / (den[1] * den[1]);
      const norm = Math.sqrt(norm2);
      const phi = 1 / norm - 1 / C;
      const dphi = (bb[0] * bb[0] / (den[0] ** 3) + bb[1] * bb[1] / (den[1] ** 3)) / (norm2 * norm);
      const next = Math.max(mu - phi / dphi, 0);
      if (!(next > mu)) break;
      mu = next;
    }
    const z = [bb[0] / (evals[0] + mu), bb[1] / (evals[1] + mu)];
    return { w: [Q[0][0] * z[0] + Q[0][1] * z[1], Q[1][0] * z[0] + Q[1][1] * z[1]], lam: mu };
  }

  // The elastic-net ball α‖w‖₁ + (1 − α)‖w‖₂² ≤ C, c outside: P(w(λ)) falls monotonically from P(c) at 0
  // to 0 at λ_max = 2‖Hc‖∞/α; the λ with P(w(λ)) = C by bisection down to adjacent doubles.
  function elasticBall(H, c, C, alpha) {
    const q = matVec(H, c);
    let lo = 0, hi = 2 * Math.max(Math.abs(q[0]), Math.abs(q[1])) / alpha;
    for (let it = 0; it < 2200; it++) {
      const mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) break;
      if (penaltyValue(penalized2(H, c, mid, "elastic", alpha), "elastic", alpha) > C) lo = mid; else hi = mid;
    }
    const fLo = Math.abs(penaltyValue(penalized2(H, c, lo, "elastic", alpha), "elastic", alpha) - C);
    const fHi = Math.abs(penaltyValue(penalized2(H, c, hi, "elastic", alpha), "elastic", alpha) - C);
    const lam = fLo <= fHi ? lo : hi;
    return { w: penalized2(H, c, lam, "elastic", alpha), lam: lam };
  }

  // The size the budget C bounds: ‖w‖₁ (the diamond), ‖w‖₂ (the disc, not squared), α‖w‖₁ + (1 − α)‖w‖₂²
  // (the elastic-net ball).
  function setSize(w, norm, alpha) {
    return norm === "l2" ? Math.hypot(w[0], w[1]) : penaltyValue(w, norm, alpha);
  }

  // argmin L(w) s.t. setSize(w) ≤ C (mathcore.constrained_minimizer): {w, lam, level}. α = 1 is the diamond.
  function constrained2(H, c, r, C, norm, alpha) {
    if (norm === "elastic" && alpha === 1) norm = "l1";
    if (setSize(c, norm, alpha) <= C) return { w: c.slice(), lam: 0, level: level(H, c, r, c) };
    const sol = norm === "l1" ? diamond(H, c, C) : norm === "l2" ? disc(H, c, C) : elasticBall(H, c, C, alpha);
    return { w: sol.w, lam: sol.lam, level: level(H, c, r, sol.w) };
  }

  // The 1-D minimizer of a(w − w0)² + r + λP(w) (mathcore.penalized_minimizer, scalar).
  function penalized1(a, w0, lam, norm, alpha) {
    const al = norm === "l1" ? 1 : norm === "l2" ? 0 : alpha;
    if (al === 0) return a * w0 / (a + lam);
    return softThreshold(a * w0, lam * al / 2) / (a + lam * (1 - al));
  }

  root.L1L2Exact = { constrained2, penalized2, penalized1, penaltyValue, setSize, level, softThreshold };
})(typeof window !== "undefined" ? window : globalThis);
