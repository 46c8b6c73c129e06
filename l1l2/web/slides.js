// The deck (l1l2 slides): each slide's clip plays once and the video holds its last frame, the beat's built
// frame, until the presenter advances. Back shows the previous slide's built frame at once (its PNG), not
// replayed. index.html#speaker is the speaker view: notes, the next slide's built frame, the slide number, a
// clock and the time since the first advance; it follows the deck through postMessage (works from file://).
(function () {
  "use strict";
  const D = window.L1L2_DATA, slides = D.slides, n = slides.length;
  const $ = (id) => document.getElementById(id);
  const isSpeaker = location.hash === "#speaker";

  if (isSpeaker) { speakerView(); return; }

  const video = $("video"), held = $("held"), blank = $("blank"), status = $("status");
  // index.html?rate=4 plays every animation four times as fast: to rehearse, or to check a deck quickly
  const rate = Math.min(Math.max(Number(new URLSearchParams(location.search).get("rate")) || 1, 0.25), 16);
  let k = -1, typed = "", speaker = null;

  function publish(state) {
    document.body.dataset.slide = String(k + 1);
    document.body.dataset.state = state;
    status.textContent = `${k + 1} / ${n} · ${slides[k].label}`;
    if (speaker && !speaker.closed) speaker.postMessage({ type: "slide", k: k, state: state }, "*");
  }

  // play: the clip from its first frame, held on its last; built: the built frame at once
  function show(target, mode) {
    k = Math.max(0, Math.min(n - 1, target));
    const s = slides[k];
    if (mode === "built") {
      video.pause();
      held.src = s.still;
      held.hidden = false;
      video.hidden = true;
      publish("held");
      return;
    }
    held.hidden = true;
    video.hidden = false;
    video.src = s.clip;
    video.defaultPlaybackRate = video.playbackRate = rate;
    publish("playing");
    const started = video.play();
    if (started) started.catch(() => {});
  }
  video.addEventListener("ended", () => publish("held"));

  function act(key) {
    if (key === "ArrowRight" || key === " " || key === "PageDown") { if (k < n - 1) show(k + 1, "play"); }
    else if (key === "ArrowLeft" || key === "PageUp") { if (k > 0) show(k - 1, "built"); }
    else if (key === "Home") show(0, "play");
    else if (key === "End") show(n - 1, "play");
    else if (/^[0-9]$/.test(key)) { typed += key; status.textContent = `Go to slide ${typed}…`; }
    else if (key === "Enter" && typed) { const t = Number(typed) - 1; typed = ""; if (t >= 0 && t < n) show(t, "play"); }
    else if (key === "Escape") { typed = ""; publish(document.body.dataset.state || "held"); }
    else if (key === "f" || key === "F") {
      if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen();
    } else if (key === "b" || key === "B") { blank.hidden = !blank.hidden; }
    else if (key === "s" || key === "S") {
      speaker = window.open(location.href.split("#")[0] + "#speaker", "l1l2-speaker", "width=1000,height=640");
    } else return false;
    return true;
  }
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (act(event.key)) event.preventDefault();
  });
  window.addEventListener("message", (event) => {
    const m = event.data || {};
    if (m.type === "key") act(m.key);
    if (m.type === "hello" && k >= 0) publish(document.body.dataset.state);
  });
  // preload the next clip, so an advance starts at once
  const next = document.createElement("link");
  next.rel = "preload";
  next.as = "video";
  video.addEventListener("playing", () => {
    if (k + 1 < n) next.href = slides[k + 1].clip;
    if (!next.parentNode) document.head.appendChild(next);
  });
  window.L1L2_DECK = { show: show, count: n };
  show(0, "play");

  function speakerView() {
    document.body.classList.add("speaker");
    $("deck").hidden = true;
    $("speaker").hidden = false;
    let first = null;
    const clock = () => {
      const now = new Date();
      $("sp-clock").textContent = now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      const s = first === null ? 0 : Math.floor((Date.now() - first) / 1000);
      $("sp-elapsed").textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} elapsed`;
    };
    setInterval(clock, 1000);
    clock();
    window.addEventListener("message", (event) => {
      const m = event.data || {};
      if (m.type !== "slide") return;
      if (m.k > 0 && first === null) first = Date.now();
      const s = slides[m.k], after = slides[m.k + 1];
      $("sp-number").textContent = `Slide ${m.k + 1} of ${n}`;
      $("sp-notes").textContent = s.notes;
      $("sp-next").hidden = !after;
      if (after) $("sp-next").src = after.still;
      $("sp-next").alt = after ? `Next: ${after.label}` : "";
      $("sp-next-label").textContent = after ? after.label : "The last slide";
      document.body.dataset.slide = String(m.k + 1);
    });
    document.addEventListener("keydown", (event) => {
      if (window.opener) { window.opener.postMessage({ type: "key", key: event.key }, "*"); event.preventDefault(); }
    });
    if (window.opener) window.opener.postMessage({ type: "hello" }, "*");
  }
})();
