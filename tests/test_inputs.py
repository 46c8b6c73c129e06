"""Issue 11: every user input, checked at the boundary: one line, exit 2, nothing written, no traceback.

Run in-process through ``l1l2.cli.main`` (no manim import per case); each case names what the
one line must mention.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest
from hold_helpers import HeldRun

from l1l2.cli import main

NOT_UTF8 = b"lam = 0.3 # \xff\xfe\n"


@pytest.fixture()
def no_rendering(monkeypatch):
    """Bad input must be refused before anything runs manim: a run fails the test at once."""
    import l1l2.lecture
    import l1l2.render
    import l1l2.run
    import l1l2.stills

    def refuse(*args, **kwargs):
        raise AssertionError("manim ran before the input was checked")

    for module in (l1l2.run, l1l2.render, l1l2.stills):
        monkeypatch.setattr(module, "run_scene", refuse)
    monkeypatch.setattr(l1l2.lecture, "title_card", refuse)

# (file name, file content (bytes, text or None for a directory), args before the file, a word the error names)
CONFIG_CASES = [
    ("dir.toml", None, ["render", "shrink", "--config"], "--config"),
    ("latin1.toml", NOT_UTF8, ["render", "shrink", "--config"], "UTF-8"),
    ("int.toml", "shrink = 5\n", ["render", "shrink", "--config"], "shrink"),
    ("list.toml", "shrink = [1, 2]\n", ["render", "shrink", "--config"], "shrink"),
    ("typo.toml", "[shrnk]\nlam = 0.3\n", ["render", "shrink", "--config"], "shrnk"),
    ("mixed.toml", "lam = 0.3\n[shrink]\nlam_max = 2\n", ["render", "shrink", "--config"], "lam"),
    ("nested.toml", "[shrink]\nlam = 0.3\n[shrink.extra]\nx = 1\n", ["render", "shrink", "--config"], "extra"),
    ("array.toml", "[shrink]\nlam = [0.3]\n", ["render", "shrink", "--config"], "lam"),
    ("solve.toml", "[shrnk]\nlam = 0.3\n", ["solve", "shrink", "--config"], "shrnk"),
    ("lec-dir.toml", None, ["lecture"], "lecture file"),
    ("lec-latin1.toml", NOT_UTF8, ["lecture"], "UTF-8"),
    ("lec-chapter-list.toml", "chapter = [1, 2]\n", ["lecture"], "chapter"),
    ("lec-lecture-int.toml", "lecture = 5\n", ["lecture"], "lecture"),
    ("lec-scene-list.toml", "[[chapter]]\nscene = [\"shrink\"]\n", ["lecture"], "scene"),
    ("lec-empty.toml", "chapter = []\n", ["lecture"], "chapter"),
    ("lec-captions-str.toml", "[lecture]\ncaptions = \"no\"\n", ["lecture"], "captions"),
    ("lec-card-bool.toml", "[lecture]\ncard_seconds = true\n", ["lecture"], "card_seconds"),
    ("lec-title-int.toml", "[lecture]\ntitle = 5\n", ["lecture"], "title"),
    ("lec-chapter-title.toml", "[[chapter]]\nscene = \"shrink\"\ntitle = 1.5\n", ["lecture"], "title"),
    ("lec-quality.toml", "[lecture]\nquality = \"ultra\"\n", ["lecture"], "quality"),
    # titles: not blank (it wrote an empty chapter cue and "Chapter 2:"), one line, bounded like narration
    ("lec-title-empty.toml", "[[chapter]]\nscene = \"shrink\"\ntitle = \"  \"\n", ["lecture"], "chapter 1: title"),
    ("lec-lecture-title-empty.toml", "[lecture]\ntitle = \"\"\n", ["lecture"], "[lecture].title"),
    ("lec-title-long.toml", f"[[chapter]]\nscene = \"shrink\"\ntitle = \"{'x' * 5000}\"\n", ["lecture"],
     "5000 characters"),
    ("lec-part-long.toml", f"[[chapter]]\nscene = \"shrink\"\npart = \"{'p' * 101}\"\n", ["lecture"], "part"),
    ("lec-title-lines.toml", "[[chapter]]\nscene = \"shrink\"\ntitle = \"\"\"two\nlines\"\"\"\n", ["lecture"],
     "one line"),
    ("script-title-empty.toml", "[[chapter]]\nscene = \"shrink\"\ntitle = \"\"\n", ["script"], "title"),
    ("lec-params.toml", "[[chapter]]\nscene = \"shrink\"\nparams = 3\n", ["lecture"], "params"),
]


def check_one_line_exit_2(capsys, argv, word, out):
    code = main(argv)
    err = capsys.readouterr()
    assert code == 2, err.err
    lines = err.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err.err, err.err
    assert lines[0].startswith("l1l2: error: ") and word in lines[0], lines[0]
    assert err.out == ""
    assert not out.exists() or not any(out.rglob("*"))


@pytest.mark.usefixtures("no_rendering")
@pytest.mark.parametrize("name, content, args, word", CONFIG_CASES, ids=[c[0] for c in CONFIG_CASES])
def test_bad_user_files_exit_2_naming_the_file_and_key(tmp_path, capsys, name, content, args, word):
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = tmp_path / "out"
    extra = ["-o", str(out)] if args[0] in ("render", "lecture", "script") else []
    check_one_line_exit_2(capsys, [*args, str(path), *extra], word, out)


@pytest.mark.usefixtures("no_rendering")
@pytest.mark.parametrize("args, word", [
    (["render", "--all", "shrnk"], "shrnk"),
    (["render", "shrink", "--set", "n_points=１１"], "n_points"),  # full-width digits
    (["render", "shrink", "--set", "n_points=1_1"], "n_points"),
    (["render", "shrink", "--set", "lam=0_2"], "lam"),
    (["render", "shrink", "--set", "lam=٠.٢"], "lam"),  # Arabic-Indic digits
    (["render", "odds", "--set", "trials=10000000"], "trials"),  # 68 s of solving
    (["render", "odds", "--set", "trials=1000000"], "trials"),  # a preview ran at 0.54 x real time: bounded
    (["still", "shrink", "--at", "-1"], "--at"),  # refused before any dry run
    (["still", "shrink", "--at", "nan"], "--at"),
    # one number rule for the whole command line: --at and -j followed float()/int() and took these
    (["still", "shrink", "--at", "1_0"], "--at"),
    (["still", "shrink", "--at", "１"], "--at"),
    (["still", "shrink", "--at", "٠.٢"], "--at"),
    (["render", "shrink", "-j", "２"], "-j"),
    (["render", "shrink", "-j", "1_0"], "-j"),
    # a list's empty item was dropped silently
    (["render", "bites", "--set", "weights=2,,1"], "weights: item 2"),
    (["render", "bites", "--set", "weights=2,1,"], "weights: item 3"),
    (["render", "bites", "--set", "weights=1_0,2"], "weights"),
    # an empty --voice rendered a silent clip (script and lecture refused it)
    (["render", "shrink", "--voice", ""], "--voice"),
    (["lecture", "--voice", ""], "--voice"),
    (["script", "--voice", ""], "--voice"),
])
def test_bad_command_lines_exit_2(tmp_path, capsys, args, word):
    out = tmp_path / "out"
    check_one_line_exit_2(capsys, [*args, "-o", str(out)], word, out)


@pytest.mark.usefixtures("no_rendering")
@pytest.mark.parametrize("command", [["still", "shrink"], ["storyboard", "shrink"], ["gallery"], ["lecture"],
                                     ["render", "shrink"], ["render", "shrink", "bites", "-j", "2"]])
@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_output_folder_that_cannot_be_a_folder_exits_2_before_rendering(tmp_path, capsys, command, where):
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder\n")
    out = blocker if where == "a file" else blocker / "renders"
    code = main([*command, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "-o" in err and str(blocker) in err
    assert blocker.read_text() == "a file, not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


# -- user text is text ------------------------------------------------------------------------

TITLES = ["#text(fill: red)[PWNED] #str(1+1)", "Costs in $ and €", "C# vs F#", "5 * 3 = 15", "mail me @home",
          "#for x in range(99999999) { x }", "a_b_c <tag> [x] ~ \\ `code` 'q' \"d\" -- ..."]


@pytest.mark.parametrize("title", TITLES)
def test_a_title_is_typeset_as_the_characters_it_holds(title):
    """Typst code in a title is shown, not run: one glyph per non-space character (no ligature
    pairs in these titles), where running it would give "PWNED 2" (6 glyphs) or a Typst error."""
    from scenes.kit.typeset import escape_markup, text

    shown = text(escape_markup(title), 24)
    ligatures = title.count("fi") + title.count("fl")  # the font sets "fi" and "fl" as one glyph
    assert len(shown.family_members_with_points()) == len(title.replace(" ", "")) - ligatures


def test_title_cards_escape_the_users_titles(tmp_path, monkeypatch):
    import scenes.kit.typeset as typeset
    from l1l2.lecture import title_card
    from l1l2.settings import RenderSettings

    seen = []
    real = typeset.text

    def spy(markup, *args, **kwargs):
        seen.append(markup)
        return real(markup, *args, **kwargs)

    monkeypatch.setattr(typeset, "text", spy)
    title_card(tmp_path, RenderSettings(quality="preview", pixel_size=(192, 108), fps=5), "#str(1+1) $x$", "Part 1",
               "C# * @home", 1.0)
    assert seen == ["*\\#str\\(1\\+1\\) \\$x\\$*", "Part 1", "C\\# \\* \\@home"]


FORGED = "Intro\n\n00:00:05.000 --> 00:59:00.000\nforged cue\n\n7\n00:00:01,000 --> 00:59:00,000\nforged & <b>"


def test_a_title_cannot_forge_caption_cues_or_chapter_lines():
    import srt as srt_lib

    from scenes.kit.captions import clock_label, one_line, srt, webvtt

    cues = [(0.0, 3.0, f"Part 1: {FORGED}"), (3.0, 9.0, "The loss.")]
    vtt = webvtt(cues)
    assert vtt.count(" --> ") == 2 and "forged &amp; &lt;b&gt;" in vtt and "\n\n00:00:05" not in vtt
    subs = list(srt_lib.parse(srt(cues)))
    assert [(s.start.total_seconds(), s.end.total_seconds()) for s in subs] == [(0.0, 3.0), (3.0, 9.0)]
    assert "\n" not in subs[0].content and "→" in subs[0].content
    line = f"{clock_label(0.0)} {one_line(FORGED)}\n"
    assert line.count("\n") == 1


# -- interrupts, leftovers, locks, the manifest's word -------------------------------------------


def test_a_killed_runs_leftovers_are_swept_and_a_live_runs_are_kept(tmp_path, monkeypatch):
    import subprocess
    import sys

    from l1l2.files import sweep_leftovers

    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    (tmp_path / "tmp").mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()  # a pid that has exited
    scene = tmp_path / "out" / "shrink"
    scene.mkdir(parents=True)
    left = [scene / f".l1l2-render-{dead}-x1y2", tmp_path / "tmp" / f"l1l2-dry-{dead}-abc",
            scene / f".shrink-hd.mp4.partial-{dead}"]
    live = [scene / f".l1l2-render-{os.getppid()}-keep", tmp_path / "tmp" / f"l1l2-dry-{os.getppid()}-keep"]
    for path in left + live:
        path.mkdir() if "partial" not in path.name else path.write_bytes(b"half")
    (scene / "shrink-hd.mp4").write_bytes(b"a finished output")
    removed = sweep_leftovers(scene)
    assert sorted(removed) == sorted(left)
    assert all(p.exists() for p in live) and (scene / "shrink-hd.mp4").exists()


def test_a_second_render_of_a_stem_waits_for_the_first_and_says_who_holds_it(tmp_path):
    import threading

    from l1l2.files import stem_lock

    said, order = [], []
    first = stem_lock(tmp_path, "shrink", "shrink-hd").__enter__()

    def second():
        with stem_lock(tmp_path, "shrink", "shrink-hd", said.append):
            order.append("second")

    t = threading.Thread(target=second)
    t.start()
    t.join(0.5)
    assert t.is_alive() and not order  # waiting
    assert said == [f"shrink-hd: waiting for another render of it (pid {os.getpid()})"]
    order.append("first done")
    first.__exit__(None, None, None)
    t.join(5)
    assert order == ["first done", "second"]


@pytest.mark.render
def test_the_cache_never_serves_a_file_its_manifest_did_not_write(tmp_path):
    """An interrupted commit or another render can leave a different file under the manifest's name:
    the content hash no longer matches, so the next render renders again instead of saying "cached"."""
    from scene_helpers import MICRO

    from l1l2 import render_video

    first = render_video("bites", settings=MICRO, out_dir=tmp_path)
    again = render_video("bites", settings=MICRO, out_dir=tmp_path)
    assert again.extra.get("cached")
    good = first.outputs["mp4"].read_bytes()
    first.outputs["mp4"].write_bytes(good[:-10] + b"0123456789")  # same size, other content
    third = render_video("bites", settings=MICRO, out_dir=tmp_path)
    assert not third.extra.get("cached")
    # rendered again: a whole new file that the new manifest vouches for, and the same video (every
    # frame, to within encoding noise). Not always the same bytes, nor always the same pixels: two
    # renders in one process can encode a few frames a little differently (see the README).
    from l1l2 import cache
    from l1l2.files import file_digest

    fresh = third.outputs["mp4"]
    assert fresh.read_bytes() != good[:-10] + b"0123456789"
    record = cache.read_manifest(cache.manifest_path(tmp_path, "bites", fresh.stem))
    assert record["hashes"]["mp4"] == file_digest(fresh)
    original = tmp_path / "original.mp4"
    original.write_bytes(good)
    a, b = decoded_frames(original), decoded_frames(fresh)
    assert len(a) == len(b) > 0
    for x, y in zip(a, b, strict=True):  # a different scene or a broken file differs by far more
        diff = np.abs(x.astype(int) - y.astype(int))
        assert diff.mean() < 1.0 and np.mean(diff.max(axis=2) > 32) < 0.01, (diff.mean(), diff.max())


def decoded_frames(path):
    import av

    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(c.streams.video[0])]


@pytest.mark.render
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_stop_a_render_like_ctrl_c(tmp_path, sig):
    import signal

    dest = tmp_path / "out" / "shrink" / "shrink-preview.mp4"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"previous good file")
    (tmp_path / "tmp").mkdir()
    run = HeldRun(["render", "shrink", "-q", "preview", "-o", str(tmp_path / "out")], tmp_path,
                  env={"TMPDIR": str(tmp_path / "tmp")})
    run.wait_for_holds()  # frames drawn, the encoder running, temporary folders in place
    run.signal(getattr(signal, sig))
    code, rest = run.finish()
    assert code == 128 + getattr(signal, sig), rest
    assert "interrupted" in rest and sig in rest and "no output was changed" in rest
    assert dest.read_bytes() == b"previous good file"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["shrink-preview.mp4"]
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.render
def test_after_an_interrupt_the_message_names_the_outputs_that_were_completed(tmp_path):
    """bites finishes, shrink is stopped: the one line names bites' new files and says the rest is unchanged."""
    import signal

    out = tmp_path / "out"
    (out / "shrink").mkdir(parents=True)
    (out / "shrink" / "shrink-preview.mp4").write_bytes(b"previous good file")
    run = HeldRun(["render", "bites", "shrink", "-q", "preview", "-o", str(out)], tmp_path, scene="Shrink")
    run.wait_for_holds()  # bites is done (renders run in order), shrink holds mid-render
    run.signal(signal.SIGINT)
    code, rest = run.finish()
    assert code == 130, rest
    said = [x for x in rest.splitlines() if x.startswith("l1l2: interrupted")]
    assert len(said) == 1, rest
    new = sorted(p.name for p in (out / "bites").iterdir())
    assert "bites-preview.mp4" in new and f"{len(new)} complete new outputs" in said[0], (new, said)
    assert "every other output is unchanged" in said[0] and "shrink" not in said[0].split("; ")[0]
    assert (out / "shrink" / "shrink-preview.mp4").read_bytes() == b"previous good file"


def _only_our_lines(err: str) -> list[str]:
    """stderr lines that are not the CLI's own (status lines and its l1l2: lines): a worker's traceback,
    a leaked-semaphore warning, a library's warning."""
    return [x for x in err.splitlines() if x.strip() and not x.startswith("l1l2: ")
            and not re.match(r"^\w[\w-]*(:? (queued|\d+%|done|cached|encoding|FAILED|waiting)|: [\d.]+ s of video)", x)]


@pytest.mark.render
def test_ctrl_c_on_a_parallel_render_leaves_no_temporary_folder(tmp_path):
    """Ctrl-C in a terminal signals the whole process group: the CLI and its worker processes, both holding
    mid-render."""
    import signal

    (tmp_path / "tmp").mkdir()
    run = HeldRun(["render", "bites", "penalties", "-j", "2", "-q", "preview", "-o", str(tmp_path / "out")],
                  tmp_path, group=True, env={"TMPDIR": str(tmp_path / "tmp")})
    run.wait_for_holds(2)
    run.signal(signal.SIGINT)
    code, rest = run.finish()
    assert code == 130, rest
    assert _only_our_lines(rest) == [], rest  # no traceback, no semaphore left to the resource tracker
    leftovers = [p for p in (tmp_path / "out").rglob("*") if ".l1l2-" in p.name or "partial" in p.name]
    assert leftovers == [] and list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.render
@pytest.mark.parametrize("command", ["render", "lecture"])
def test_ctrl_c_while_parallel_workers_start_is_one_line_without_a_traceback(tmp_path, command):
    """A terminal's Ctrl-C reaches the workers too, and a worker still starting up (before it can choose to
    ignore SIGINT) died with a multiprocessing traceback above the one line. Here both workers hold at
    start-up and the signal goes to the whole group: only the CLI's line may appear. (Whether the old
    worker printed before the parent's SIGTERM reached it was a race; the next test decides it.)"""
    import signal

    args = (["render", "bites", "penalties"] if command == "render" else ["lecture"])
    run = HeldRun([*args, "-j", "2", "-q", "preview", "-o", str(tmp_path / "out")], tmp_path, startup=True,
                  group=True)
    run.wait_for_holds(2, prefix="start-")
    run.signal(signal.SIGINT)
    run.release_startup()
    code, rest = run.finish()
    assert code == 130, rest
    assert "Traceback" not in rest and _only_our_lines(rest) == [], rest
    assert [x for x in rest.splitlines() if x.startswith("l1l2: interrupted")], rest


@pytest.mark.render
def test_a_starting_worker_that_gets_sigint_ignores_it(tmp_path):
    """The worker's side alone, with no race: SIGINT goes to each starting worker only (the parent does not
    stop the pool), then they may go on. Each must discard it and render: exit 0, no traceback."""
    import os
    import signal

    run = HeldRun(["render", "bites", "penalties", "-j", "2", "-q", "preview", "-o", str(tmp_path / "out")],
                  tmp_path, startup=True)
    for pid in run.wait_for_holds(2, prefix="start-"):
        os.kill(pid, signal.SIGINT)
    run.release_startup()
    code, rest = run.finish()
    assert code == 0 and "Traceback" not in rest and _only_our_lines(rest) == [], rest


def _blocked_on_a_lock(pid: int) -> bool:
    """Whether process ``pid`` waits for a file lock: the kernel lists each waiter in /proc/locks as
    ``N: -> FLOCK  ADVISORY  WRITE <pid> …``."""
    lines = Path("/proc/locks").read_text().splitlines()
    return any("->" in x and f" {pid} " in x for x in lines)


@pytest.mark.render
def test_a_second_render_of_the_same_stem_says_which_process_holds_it(tmp_path):
    """This test holds the stem's lock as another render would. Once the CLI is blocked on it (an event the
    kernel shows), the lock is released; the CLI renders, and its stderr must have said who held it (it
    used to stay 'queued')."""
    import fcntl
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    lock = out / ".locks" / "bites" / "bites-preview.lock"
    lock.parent.mkdir(parents=True)
    with open(lock, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.write(str(os.getpid()))
        fh.flush()
        proc = subprocess.Popen([str(Path(sys.executable).parent / "l1l2"), "render", "bites", "-q", "preview",
                                 "-o", str(out)], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
        while not _blocked_on_a_lock(proc.pid) and proc.poll() is None:
            time.sleep(0.02)
        assert proc.poll() is None and not (out / "bites" / "bites-preview.mp4").exists()  # it waits
        fcntl.flock(fh, fcntl.LOCK_UN)
    rest = proc.communicate()[1]
    assert proc.returncode == 0, rest
    assert f"bites waiting for pid {os.getpid()}" in rest, rest
    assert (out / "bites" / "bites-preview.mp4").stat().st_size > 0


def _range_ends(info):
    """Each numeric parameter's allowed ends and the values just inside them."""
    out = []
    for end in (info.min, info.max):
        if end is None:
            continue
        inward = 1 if end == info.min else -1
        if info.type == "int":
            out += [end, end + inward]
        else:
            step = max(abs(end), 1.0) * 1e-9
            out += [end + (step if info.min_exclusive and end == info.min else 0.0), end + inward * step]
    return out


def test_every_parameter_at_and_near_the_ends_of_its_range_solves_or_is_refused_in_one_line():
    """Every scene's numbers at each numeric parameter's ends (and just inside them), the rest default:
    either exact numbers, or a ParamError naming a parameter (exit 2), never another exception or a
    library warning. (overfit's lam_min at its published end of ~0 used to raise deep in the homotopy.)"""
    import warnings

    from l1l2.job import checked_numbers
    from scenes.kit.params import ParamError, apply_overrides, describe
    from scenes.kit.registry import all_specs

    refused = []
    for spec in all_specs():
        for info in describe(spec.params_class):
            if info.type not in ("int", "float"):
                continue
            for value in _range_ends(info):
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    try:
                        checked_numbers(spec, apply_overrides(spec.params_class, {info.name: value}))
                    except ParamError as err:
                        refused.append((spec.name, info.name, value, str(err)))
    fields = {spec.name: {i.name for i in describe(spec.params_class)} for spec in all_specs()}
    for scene, name, value, message in refused:  # cross-field rules (lam <= lam_max, …) name what to change
        assert "\n" not in message and message.split(":")[0] in fields[scene], (scene, name, value, message)
    assert any(s == "overfit" and n == "lam_min" and "lam_min: must be >= " in m for s, n, _, m in refused)


def test_overfit_lam_min_below_the_lasso_floor_is_refused_before_anything_is_written(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["render", "overfit", "-q", "preview", "--set", "lam_min=1e-7", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lam_min: must be >= 2.83e-07" in err, err
    assert not out.exists()
    assert main(["solve", "overfit", "--set", "lam_min=2.83e-7"]) == 0  # the bound it names is allowed


@pytest.mark.usefixtures("no_rendering")
@pytest.mark.parametrize("args", [["render", "shrink"], ["still", "shrink"], ["storyboard", "shrink"],
                                  ["solve", "shrink"], ["lecture"], ["script"]])
def test_a_value_error_from_the_math_is_one_line_before_anything_renders(tmp_path, capsys, monkeypatch, args):
    """The net under every command: a ValueError from a scene's numbers (a combination of in-range
    parameters with no exact answer) exits 2 naming the scene, before manim runs or a folder is made."""
    from scenes.kit.registry import get_spec

    def no_answer(cls, p):
        raise ValueError("lams: below λ = 2.8e-07 the path cannot be followed")

    monkeypatch.setattr(get_spec("shrink").scene_class, "solve", classmethod(no_answer))
    out = tmp_path / "out"
    extra = [] if args[0] == "solve" else ["-o", str(out)]
    check_one_line_exit_2(capsys, [*args, *extra], "shrink: these parameters have no exact answer: lams:", out)


@pytest.mark.parametrize("overrides", [{"degree": 1}, {"degree": 2}, {"noise": 0.0}])
def test_overfit_best_lambda_is_a_positive_lambda_of_the_sweep_even_when_least_squares_wins(overrides):
    """A straight line (or noiseless points) fits best with no penalty; the 'best' marker sits on the log-λ
    axis, so it is the best λ > 0 of the sweep. (It was λ = 0: log10(0) made the render crash with
    'cannot convert float NaN to integer' after the lock and folder were made.)"""
    from scenes.kit.params import apply_overrides
    from scenes.overfit import OverfitNumbers, OverfitParams

    numbers = OverfitNumbers(apply_overrides(OverfitParams, overrides))
    lam, err = numbers.best("l1")
    f = numbers.fits["l1"]
    penalized = f.lams > 0
    assert lam > 0 and err == f.test_mse[penalized].min()
    assert lam == f.lams[penalized][np.flatnonzero(f.test_mse[penalized] == err)[0]]


@pytest.mark.parametrize("overrides", [{"h11": 100.0}, {"h22": 100.0}, {"lam_2d": 100.0}, {"step_2d": 10.0}])
def test_gradient_2d_steps_that_diverge_are_refused_naming_step_2d(overrides, capsys):
    """With H's largest eigenvalue + λ above 1/step the 2-D L2 run diverged to 1e300 and the axes' ticks
    crashed the render; now the bound is checked like the 1-D step's, and the bound shown is allowed."""
    args = [f"{k}={v}" for k, v in overrides.items()]
    assert main(["solve", "gradient", *sum((["--set", a] for a in args), [])]) == 2
    err = capsys.readouterr().err
    m = re.search(r"step_2d: must be < ([0-9.e+-]+),", err)
    assert m and err.count("\n") == 1, err
    if "step_2d" not in overrides:  # the bound it names is accepted
        assert main(["solve", "gradient", *sum((["--set", a] for a in args), []), "--set",
                     f"step_2d={m.group(1)}"]) == 0


def test_scaling_factor_so_small_the_feature_never_enters_the_raw_path_is_refused_with_its_bound(capsys):
    """At factor 1e-6 the raw s1 column is so small that the exact path stops before s1 enters, and the
    render crashed asking for its rank (found by tests/range_ends.py). Refused, naming the factor that works."""
    from scenes.kit.params import apply_overrides
    from scenes.scaling import ScalingNumbers, ScalingParams

    assert main(["solve", "scaling", "--set", "factor=1e-6"]) == 2
    err = capsys.readouterr().err
    m = re.search(r"factor: at 1e-06 .* use a factor >= ([0-9.e+-]+)$", err.strip())
    assert m and err.count("\n") == 1, err
    numbers = ScalingNumbers(apply_overrides(ScalingParams, {"factor": m.group(1)}))  # the bound it names works
    assert numbers.rank(("raw", "after"), numbers.j) >= 1


# -- claims in captions (issue 22's first fixes): each sentence decided by a number ------------------


def test_caption_claims_shrink_curvature_penalties_overshoot_overfit_not_one_by_one():
    from mathcore import Quadratic
    from scenes.kit.params import apply_overrides
    from scenes.overfit import OverfitNumbers, OverfitParams, OverfitScene
    from scenes.penalties import PenaltiesScene
    from scenes.shrink import ShrinkScene

    # shrink: "the loss's second derivative is 2a" (it said "a, the loss's curvature")
    assert "second derivative is $2a$" in dict(ShrinkScene.BEATS)["why_zero"]
    a, w0, h = 0.4, 0.5, 1e-3
    loss = Quadratic(a, w0)
    second = (loss.value(w0 + h) - 2 * loss.value(w0) + loss.value(w0 - h)) / h**2
    assert second == pytest.approx(2 * a, rel=1e-6)
    # penalties: a plain L1 step moves by ηλ only while |w| > ηλ; closer in it crosses 0 (it said
    # "however small w is")
    eta, lam = 0.1, 0.5
    for w in (0.2, 0.06, 0.051):
        assert w - eta * lam * np.sign(w) == pytest.approx(w - eta * lam) and w - eta * lam > 0
    for w in (0.049, 0.01):
        assert w - eta * lam * np.sign(w) < 0  # overshoots past 0
    assert "whenever $|w| > η λ$" in dict(PenaltiesScene.BEATS)["weight_decay"]
    # overfit: "not one by one: the count can rise again" (it said "one by one")
    f = OverfitNumbers(apply_overrides(OverfitParams, {})).fits["l1"]
    up = f.lams[::-1][1:] > 0  # the sweep runs from lam_min up; λ = 0 is not in it
    counts = f.nonzero[::-1][1:][up]
    assert np.any(np.diff(counts) > 0) and counts[-1] == 0  # a rise on the way; all exactly 0 at the end
    assert "not one by one" in dict(OverfitScene.BEATS)["lasso"]
