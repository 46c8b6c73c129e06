// The deck (l1l2 slides): each slide's clip plays once and the video holds its last frame, the beat's built
// frame, until the presenter advances. Back shows the previous slide's built frame at once (its PNG), not
// replayed. Two video elements take turns: the next clip loads in the hidden one, and what is on screen stays
// until the new clip's first frame is there, so an advance never blinks. The slide number is kept in the
// address (#12), so a reload comes back to it. index.html#speaker is the speaker view: notes, the next slide's
// built frame, the slide number, a clock and the time since the first advance; it follows the deck through
// postMessage (works from file://).
(function () {
  "use strict";
  const D = window.L1L2_DATA, slides = D.slides, n = slides.length;
  const $ = (id) => document.getElementById(id);
  const isSpeaker = location.hash === "#speaker";

  if (isSpeaker) { speakerView(); return; }

  const videos = [$("video"), $("video2")], held = $("held"), blank = $("blank"), status = $("status");
  // index.html?rate=4 plays every animation four times as fast: to rehearse, or to check a deck quickly
  const rate = Math.min(Math.max(Number(new URLSearchParams(location.search).get("rate")) || 1, 0.25), 16);
  let k = -1, typed = "", speaker = null, front = 0, turn = 0;
  for (const v of videos) v.defaultPlaybackRate = v.playbackRate = rate;

  function publish(state) {
    document.body.dataset.slide = String(k + 1);
    document.body.dataset.state = state;
    status.textContent = `${k + 1} / ${n} · ${slides[k].label}`;
    if (history.replaceState) history.replaceState(null, "", `#${k + 1}`);
    if (speaker && !speaker.closed) speaker.postMessage({ type: "slide", k: k, state: state }, "*");
  }

  const decoded = new Map();  // built frames kept decoded, so going back shows one at once
  function keep(j) {
    if (j < 0 || j >= n || decoded.has(j)) return;
    const img = new Image();
    img.src = slides[j].still;
    img.decode().catch(() => {});
    decoded.set(j, img);
    if (decoded.size > 4) decoded.delete(decoded.keys().next().value);
  }

  function load(v, j) {  // slide j's clip in video v (not played)
    if (v.dataset.k !== String(j)) { v.src = slides[j].clip; v.dataset.k = String(j); }
  }

  // play: the clip from its first frame, held on its last; built: the built frame at once
  function show(target, mode) {
    k = Math.max(0, Math.min(n - 1, target));
    const s = slides[k], mine = ++turn;
    if (mode === "built") {
      // the PNG replaces what is shown once it is decoded (the neighbours' are kept decoded: at once)
      held.src = s.still;
      const reveal = () => {
        if (mine !== turn) return;
        held.hidden = false;
        for (const v of videos) { v.pause(); v.classList.remove("shown"); }
        publish("held");
        if (k + 1 < n) load(videos[1 - front], k + 1);
        keep(k - 1);
      };
      held.decode().then(reveal, reveal);
      return;
    }
    // the clip in whichever video has it loaded already (the next one was loaded while this one played)
    const back = videos[front].dataset.k === String(k) && !videos[front].classList.contains("shown") ? front : 1 - front;
    const v = videos[back];
    load(v, k);
    v.playbackRate = rate;
    if (v.currentTime !== 0) v.currentTime = 0;
    publish("playing");
    v.addEventListener("playing", function swap() {
      v.removeEventListener("playing", swap);
      if (mine !== turn) return;
      v.classList.add("shown");  // the new clip's first frame is up: now take away what was shown until it was
      const other = videos[1 - back];
      other.pause();
      other.classList.remove("shown");
      held.hidden = true;
      front = back;
      if (k + 1 < n) load(other, k + 1);  // the next clip loads while this one plays
      keep(k - 1);  // and the previous slide's built frame is decoded, for going back
    });
    const started = v.play();
    if (started) started.catch(() => {});
  }
  for (const v of videos) {
    v.addEventListener("ended", () => {
      if (v === videos[front] && v.dataset.k === String(k)) publish("held");
    });
  }

  const FORWARD = ["ArrowRight", " ", "PageDown", "ArrowDown", "Enter"], BACK = ["ArrowLeft", "PageUp", "ArrowUp"];
  function act(key, shift) {
    if (/^[0-9]$/.test(key)) { typed += key; status.textContent = `Go to slide ${typed}… (Enter)`; return true; }
    if (key === "Enter" && typed) {
      const t = Number(typed) - 1;
      typed = "";
      if (t >= 0 && t < n) show(t, "play");
      else status.textContent = `No slide ${t + 1}: the slides are 1 to ${n}`;
      return true;
    }
    typed = "";
    const moving = FORWARD.includes(key) || BACK.includes(key) || key === "Home" || key === "End";
    if (moving && !blank.hidden) { blank.hidden = true; return true; }  // like PowerPoint: a key brings the slide back
    if (FORWARD.includes(key)) { if (k < n - 1) show(k + 1, "play"); }
    else if (BACK.includes(key)) { if (k > 0) show(k - 1, "built"); }
    else if (key === "Home") show(0, "play");
    else if (key === "End") show(n - 1, "play");
    else if (key === "Escape") { publish(document.body.dataset.state || "held"); }
    else if (key === "F5") {  // a clicker's "start the show": full screen, from the first slide (Shift: from here)
      if (!document.fullscreenElement) document.documentElement.requestFullscreen().catch(() => {});
      if (!shift) show(0, "play");
    } else if (key === "f" || key === "F") {
      if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen();
    } else if (key === "b" || key === "B" || key === ".") { blank.hidden = !blank.hidden; }
    else if (key === "?" || key === "h" || key === "H") { $("help").hidden = !$("help").hidden; }
    else if (key === "s" || key === "S") {
      speaker = window.open(location.href.split("#")[0] + "#speaker", "l1l2-speaker", "width=1000,height=640");
    } else return false;
    if (key !== "?" && key !== "h" && key !== "H") $("help").hidden = true;  // the presenter knows the keys now
    return true;
  }
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (act(event.key, event.shiftKey)) event.preventDefault();
  });
  window.addEventListener("message", (event) => {
    const m = event.data || {};
    if (m.type === "key") act(m.key, m.shift);
    if (m.type === "hello" && k >= 0) publish(document.body.dataset.state);
  });
  window.L1L2_DECK = { show: show, count: n };
  const asked = /^#[0-9]+$/.test(location.hash) ? Number(location.hash.slice(1)) - 1 : -1;
  if (asked > 0 && asked < n) show(asked, "built");  // a reload comes back to its slide
  else show(0, "play");

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
      $("sp-label").textContent = s.label;
      $("sp-notes").textContent = s.notes;
      $("sp-next").hidden = !after;
      if (after) $("sp-next").src = after.still;
      $("sp-next").alt = after ? `Next: ${after.label}` : "";
      $("sp-next-label").textContent = after ? after.label : "The last slide";
      document.body.dataset.slide = String(m.k + 1);
    });
    document.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;  // the browser's own (zoom, copy) stay its own
      if (window.opener) {
        window.opener.postMessage({ type: "key", key: event.key, shift: event.shiftKey }, "*");
        event.preventDefault();
      }
    });
    if (window.opener) window.opener.postMessage({ type: "hello" }, "*");
  }
})();
