// The article (l1l2 article): each clip shows its poster (the chapter's finished picture) until it scrolls into
// view, then loops silently while at least half of it is in view, and pauses when it leaves (a clip a reader
// paused stays paused). A reader who asks for less motion gets no clip playing by itself: play them with
// their controls.
(function () {
  "use strict";
  const still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  const clips = Array.from(document.querySelectorAll("figure.clip video"));
  const stopped = new WeakSet();  // paused by the reader
  for (const v of clips) {
    v.addEventListener("pause", () => { if (!v.dataset.auto) stopped.add(v); delete v.dataset.auto; });
    v.addEventListener("play", () => stopped.delete(v));
  }
  if (!("IntersectionObserver" in window)) return;
  const seen = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const v = e.target;
      if (e.isIntersecting && !(still && still.matches) && !stopped.has(v)) {
        const started = v.play();
        if (started) started.catch(() => {});
      } else if (!e.isIntersecting && !v.paused) {
        v.dataset.auto = "1";  // our pause, not the reader's
        v.pause();
      }
    }
  }, { threshold: 0.5 });
  for (const v of clips) seen.observe(v);
})();
