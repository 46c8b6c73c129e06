// l1l2 studio: the form (from the scene's parameter specs, checked by the rules of --set before anything is
// sent), the still at a beat or a time, the command that draws it, a render with its progress, and what the
// server says without being asked (a scene file saved, or broken). One still request at a time: values
// changed meanwhile are sent when it returns, so the picture always ends on the latest values.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const S = { catalog: [], entry: null, beat: null, at: null, timeline: null, timelineKey: "", inflight: false,
              again: false, events: 0, timer: 0, shownKey: "", rendering: false };

  async function post(kind, body) {
    const res = await fetch("/api/" + kind, { method: "POST", headers: { "Content-Type": "application/json" },
                                              body: JSON.stringify(body) });
    let data = {};
    try { data = await res.json(); } catch (e) { data = { errors: { "": "the studio sent no answer" } }; }
    return { status: res.status, data };
  }

  // -- the rules of --set, as scenes/kit/params.py writes them ------------------------------------------
  const FLOAT_TEXT = /^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?(inf|infinity|nan))$/i;
  const INT_TEXT = /^[+-]?[0-9]+$/;
  function pyRepr(s) { return s.includes("'") && !s.includes('"') ? '"' + s + '"' : "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'"; }
  function problem(info, raw) {
    const bad = info.name + ": must be " + info.allowed + ", got " + (typeof raw === "string" ? pyRepr(raw) : String(raw));
    let value;
    if (info.type === "bool") return null;
    if (info.type === "int") {
      if (!INT_TEXT.test(raw.trim())) return bad;
      value = parseInt(raw.trim(), 10);
    } else if (info.type === "float") {
      if (!FLOAT_TEXT.test(raw.trim())) return bad;
      value = Number(raw.trim().replace(/^([+-]?)inf(inity)?$/i, "$1Infinity"));
      if (!Number.isFinite(value)) return bad;
    } else value = raw;
    if (info.choices && !info.choices.map(String).includes(String(value))) return bad;
    if (info.min !== null && (value < info.min || (info.min_exclusive && value === info.min))) return bad;
    if (info.max !== null && value > info.max) return bad;
    return null;
  }

  // -- the form ------------------------------------------------------------------------------------
  function buildForm(entry, keep) {
    const box = $("fields");
    box.replaceChildren();
    for (const info of entry.params) {
      const id = "p-" + info.name, help = id + "-help", err = id + "-error";
      const field = document.createElement("div");
      field.className = "field";
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = info.name;
      let input;
      const start = keep && info.name in keep ? keep[info.name] : info.default;
      if (info.type === "bool") {
        input = document.createElement("input");
        input.type = "checkbox";
        input.checked = start === true || start === "true";
      } else if (info.choices) {
        input = document.createElement("select");
        for (const c of info.choices) input.add(new Option(String(c), String(c)));
        input.value = String(start);
      } else {
        input = document.createElement("input");
        input.type = "text";
        input.inputMode = info.type === "str" ? "text" : "decimal";
        input.autocomplete = "off";
        input.spellcheck = false;
        input.value = String(start);
      }
      input.id = id;
      input.name = info.name;
      input.setAttribute("aria-describedby", help + " " + err);
      const hint = document.createElement("span");
      hint.className = "help";
      hint.id = help;
      const given = String(info.default) === "" ? "empty by default" : "default " + String(info.default);
      hint.textContent = info.help + " (" + info.allowed + "; " + given + ")";
      const error = document.createElement("p");
      error.className = "error";
      error.id = err;
      error.hidden = true;
      field.append(label, input, hint, error);
      box.append(field);
      input.addEventListener(info.type === "bool" || info.choices ? "change" : "input", () => {
        clearTimeout(S.timer);
        S.timer = setTimeout(changed, 120);
      });
    }
  }

  function values() {
    const out = {};
    for (const info of S.entry.params) {
      const input = $("p-" + info.name);
      out[info.name] = info.type === "bool" ? input.checked : input.value;
    }
    return out;
  }

  function look() {
    return { quality: $("quality").value, theme: $("theme").value, aspect: $("aspect").value,
             captions: $("captions").checked };
  }

  function showErrors(errors) {
    let any = false;
    for (const info of S.entry.params) {
      const msg = errors[info.name] || null;
      const input = $("p-" + info.name), box = $("p-" + info.name + "-error");
      box.hidden = !msg;
      box.textContent = msg || "";
      if (msg) { input.setAttribute("aria-invalid", "true"); any = true; } else input.removeAttribute("aria-invalid");
    }
    const moment = ["beat", "at"].filter((k) => errors[k]).map((k) => errors[k]);
    $("moment-error").hidden = moment.length === 0;
    $("moment-error").textContent = moment.join(" ");
    const rest = Object.entries(errors).filter(([k]) => k !== "beat" && k !== "at" &&
      !S.entry.params.some((p) => p.name === k)).map(([, v]) => v);
    $("form-error").hidden = rest.length === 0;
    $("form-error").textContent = rest.join(" ");
    return any || rest.length > 0 || moment.length > 0;
  }

  function checkForm() {
    const errors = {};
    const vals = values();
    for (const info of S.entry.params) {
      const msg = problem(info, vals[info.name]);
      if (msg) errors[info.name] = msg;
    }
    return errors;
  }

  // -- the still -----------------------------------------------------------------------------------
  function changed() {
    const errors = checkForm();
    if (showErrors(errors)) {
      $("still").classList.add("stale");
      staleCommand();
      $("status").textContent = "No still: " + Object.values(errors).join(" ");
      return;
    }
    requestStill();
  }

  function stateKey(withMoment) {
    const key = { scene: S.entry.name, values: values(), look: look() };
    if (withMoment) Object.assign(key, S.beat !== null ? { beat: S.beat } : { at: S.at });
    return JSON.stringify(key);
  }

  async function requestStill() {
    if (S.inflight) { S.again = true; return; }
    S.inflight = true;
    S.again = false;
    const key = stateKey(true);
    $("still").classList.add("stale");
    staleCommand();
    $("status").textContent = "Drawing…";
    let answer;
    try {
      answer = await post("still", JSON.parse(key));
    } catch (e) {
      answer = { status: 0, data: { errors: { "": "The studio does not answer (was it stopped?)." } } };
    }
    S.inflight = false;
    if (S.again) { requestStill(); return; }  // the values changed meanwhile: only the latest is shown
    const data = answer.data;
    if (answer.status !== 200) {
      const errors = data.errors || {};
      if ((errors.at || errors.beat) && !S.recovering) {
        // new values changed the scene's length or its beats: learn them, then show the nearest moment
        S.recovering = true;
        S.inflight = true;
        const learned = await fetchTimeline(JSON.parse(key), stateKey(false));
        S.inflight = false;
        if (learned) {
          if (errors.at) S.at = frameTime(Math.min(Math.floor(S.at * S.timeline.fps + 1e-6), lastFrame()));
          if (errors.beat && !S.timeline.beats.some((b) => b.name === S.beat)) S.beat = S.timeline.beats[0].name;
          syncMoment();
          S.recovering = false;
          requestStill();
          return;
        }
        S.recovering = false;
      }
      showErrors(errors);
      if (data.file) showFileError(data.file, data.line, errors[""]);
      $("status").textContent = "No still: " + Object.values(errors).join(" ");
      return;
    }
    showErrors({});
    hideFileError();
    const img = $("still");
    const src = "/files/" + data.png.split("/").map(encodeURIComponent).join("/") + "?v=" + data.digest;
    const loaded = new Promise((resolve) => { img.onload = resolve; img.onerror = resolve; });
    img.src = src;
    await loaded;
    img.classList.remove("stale");
    img.alt = S.entry.name + " " + (S.beat !== null ? "at the end of the beat " + S.beat : "at " + S.at.toFixed(2) + " s");
    S.shownKey = key;
    img.dataset.key = key;
    $("command").textContent = data.command;
    $("command").classList.remove("stale");
    $("copy").disabled = false;
    $("status").textContent = (S.beat !== null ? "Beat " + S.beat : "t = " + S.at.toFixed(2) + " s") +
      " · answered in " + data.seconds.toFixed(2) + " s";
    if (data.timeline) setTimeline(data.timeline, stateKey(false));
    else scheduleTimeline();
  }

  async function fetchTimeline(body, key) {
    let answer;
    try { answer = await post("timeline", body); } catch (e) { answer = { status: 0 }; }
    if (answer.status === 200 && stateKey(false) === key) { setTimeline(answer.data, key); return true; }
    return false;
  }

  function scheduleTimeline() {
    const key = stateKey(false);
    if (S.timelineKey === key) return;
    setTimeout(async () => {
      if (S.inflight || S.again || stateKey(false) !== key || S.timelineKey === key) return;
      S.inflight = true;
      await fetchTimeline(JSON.parse(key), key);
      S.inflight = false;
      if (S.again) requestStill();
    }, 600);
  }

  function staleCommand() {
    $("command").classList.add("stale");
    $("copy").disabled = true;
    $("copied-command").textContent = "";
  }

  function lastFrame() { return Math.max(0, Math.round(S.timeline.duration * S.timeline.fps) - 1); }
  // The time of frame k as --at takes it: rounded up to 4 decimals, so it stays inside frame k (frames last
  // at least 1/60 s) and the label, the status and the command all say the same number.
  function frameTime(k) { return Math.ceil((k / S.timeline.fps) * 1e4 - 1e-6) / 1e4; }

  function setTimeline(tl, key) {
    S.timeline = tl;
    S.timelineKey = key;
    const range = $("time");
    range.max = String(lastFrame());
    range.disabled = false;
    const played = tl.beats.map((b) => b.name);
    if (played.join() !== [...$("beats").querySelectorAll("button")].map((b) => b.dataset.beat).join()) {
      buildBeats(played);  // the beats these values play (geometry with cases=main has fewer)
      if (S.beat !== null && !played.includes(S.beat)) { S.beat = played[0]; changed(); }
    }
    syncMoment();
  }

  function beatStillFrame(name) {
    const tl = S.timeline, k = tl.beats.findIndex((b) => b.name === name);
    const end = k + 1 < tl.beats.length ? tl.beats[k + 1].time : tl.duration;
    return Math.round(Math.max(tl.beats[k].time, end - 1 / tl.fps) * tl.fps);
  }

  function syncMoment() {
    const tl = S.timeline;
    const k = !tl ? null : S.beat !== null && tl.beats.some((b) => b.name === S.beat) ? beatStillFrame(S.beat)
      : S.at !== null ? Math.floor(S.at * tl.fps + 1e-6) : null;
    const within = k === null ? null : tl.beats.filter((b) => Math.round(b.time * tl.fps) <= k).pop();
    for (const b of $("beats").querySelectorAll("button")) {
      b.setAttribute("aria-pressed", String(b.dataset.beat === S.beat));
      b.classList.toggle("current", S.beat === null && within !== undefined && within !== null && b.dataset.beat === within.name);
    }
    const range = $("time");
    if (k === null) { $("time-out").textContent = tl ? "" : "(learning the scene's length…)"; return; }
    range.value = String(k);
    const t = (S.at !== null && S.beat === null ? S.at : frameTime(k)).toFixed(2) + " s";
    $("time-out").textContent = t + " of " + tl.duration.toFixed(2) + " s" + (within ? ", in " + within.name : "");
    range.setAttribute("aria-valuetext", t);
  }

  function buildBeats(names) {
    const list = $("beats");
    list.replaceChildren();
    for (const name of names) {
      const li = document.createElement("li"), b = document.createElement("button");
      b.type = "button";
      b.textContent = name;
      b.dataset.beat = name;
      b.addEventListener("click", () => { S.beat = name; S.at = null; syncMoment(); changed(); });
      li.append(b);
      list.append(li);
    }
  }

  // -- errors in a scene file ------------------------------------------------------------------------
  function showFileError(file, line, message) {
    const box = $("file-error");
    box.textContent = file + (line ? ", line " + line : "") + ": " + message;
    box.hidden = false;
    $("still").classList.add("stale");
  }
  function hideFileError() { $("file-error").hidden = true; $("file-error").textContent = ""; }

  // -- scenes --------------------------------------------------------------------------------------
  function pick(name, keep) {
    S.entry = S.catalog.find((e) => e.name === name) || S.catalog[0];
    $("scene").value = S.entry.name;
    $("description").textContent = S.entry.description;
    buildForm(S.entry, keep);
    buildBeats(S.entry.beats);
    if (!S.entry.beats.includes(S.beat)) { S.beat = S.entry.beats[0]; S.at = null; }
    S.timeline = null;
    S.timelineKey = "";
    $("time").disabled = true;
    if (location.hash.slice(1) !== S.entry.name) history.replaceState(null, "", "#" + S.entry.name);
    syncMoment();
    changed();
  }

  async function loadCatalog() {
    const res = await fetch("/api/catalog");
    S.catalog = await res.json();
    const select = $("scene");
    select.replaceChildren(...S.catalog.map((e) => new Option(e.name + " — " + e.chapter, e.name)));
    const quality = $("quality");
    if (!quality.options.length) {
      for (const q of S.catalog[0].qualities) quality.add(new Option(q, q));
      quality.value = "preview";
    }
  }

  // -- render --------------------------------------------------------------------------------------
  async function render() {
    const errors = checkForm();
    if (showErrors(errors)) return;
    $("render").disabled = true;
    S.rendering = true;
    S.renderOf = S.entry.name + " · " + [look().quality, look().theme, look().aspect].join(" · ");
    $("progress").hidden = false;
    $("progress").value = 0;
    $("render-status").textContent = "Rendering…";
    const answer = await post("render", JSON.parse(stateKey(false)));
    if (answer.status !== 202) {
      S.rendering = false;
      $("render").disabled = false;
      $("progress").hidden = true;
      $("render-status").textContent = Object.values(answer.data.errors || { "": answer.data.error }).join(" ");
    }
  }

  function rendered(ev) {
    S.rendering = false;
    $("render").disabled = false;
    $("progress").hidden = true;
    if (ev.error) { $("render-status").textContent = "The render failed: " + ev.error; return; }
    const r = ev.ok, v = $("video");
    v.src = "/files/" + r.outputs.mp4.split("/").map(encodeURIComponent).join("/") + "?r=" + ev.seq;
    if (r.outputs.poster) v.poster = "/files/" + r.outputs.poster + "?r=" + ev.seq;
    $("video-of").textContent = (S.renderOf || "") + ": " + r.outputs.mp4;
    $("render-command").textContent = r.command;
    $("embed").value = r.embed;
    $("render-result").hidden = false;
    $("render-status").textContent = r.cached ? "Unchanged: the cached video." : "Rendered in " + r.seconds.toFixed(1) + " s.";
  }

  // -- what the server says --------------------------------------------------------------------------
  async function listen() {
    for (;;) {
      let events;
      try {
        const res = await fetch("/api/events?after=" + S.events);
        events = await res.json();
      } catch (e) {
        $("status").textContent = "The studio stopped: start it again with l1l2 studio.";
        return;
      }
      for (const ev of events) {
        S.events = ev.seq;
        if (ev.kind === "progress") {
          const m = /([0-9.]+)%/.exec(ev.message);
          if (m) $("progress").value = parseFloat(m[1]);
          $("render-status").textContent = ev.message;
        } else if (ev.kind === "rendered") rendered(ev);
        else if (ev.kind === "file-error") showFileError(ev.file, ev.line, ev.error);
        else if (ev.kind === "reloaded") {
          hideFileError();
          const keep = values();
          await loadCatalog();
          S.timelineKey = "";
          pick(S.entry.name, keep);
        }
      }
    }
  }

  async function copy(id) {
    const el = $(id), said = $("copied-" + id);
    const text = el.tagName === "TEXTAREA" ? el.value : el.textContent;
    try { await navigator.clipboard.writeText(text); said.textContent = "Copied."; }
    catch (e) {
      if (el.tagName === "TEXTAREA") el.select();
      else {
        const range = document.createRange();
        range.selectNodeContents(el);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
      }
      said.textContent = "Selected: press Ctrl+C.";
    }
  }

  async function start() {
    await loadCatalog();
    try { S.events = (await (await fetch("/api/status")).json()).events || 0; } catch (e) { S.events = 0; }
    S.beat = null;
    pick(location.hash.slice(1) || S.catalog[0].name);
    $("scene").addEventListener("change", () => { S.beat = null; pick($("scene").value); });
    window.addEventListener("hashchange", () => {  // a link or the address bar: #shrink
      const name = location.hash.slice(1);
      if (name !== S.entry.name && S.catalog.some((e) => e.name === name)) { S.beat = null; pick(name); }
    });
    for (const id of ["quality", "theme", "aspect", "captions"]) $(id).addEventListener("change", () => {
      S.timelineKey = ""; S.timeline = null; $("time").disabled = true; changed();
    });
    $("time").addEventListener("input", () => {
      S.beat = null;
      S.at = frameTime(parseInt($("time").value, 10));
      syncMoment();
      changed();
    });
    $("defaults").addEventListener("click", () => {
      $("quality").value = "preview"; $("theme").value = "dark"; $("aspect").value = "16:9"; $("captions").checked = true;
      S.timelineKey = ""; S.timeline = null; $("time").disabled = true;
      buildForm(S.entry);
      changed();
    });
    for (const b of document.querySelectorAll("[data-copy]")) b.addEventListener("click", () => copy(b.dataset.copy));
    $("render").addEventListener("click", render);
    listen();
  }
  start();
})();
