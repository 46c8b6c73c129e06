"""Issue 11: every user input, checked at the boundary: one line, exit 2, nothing written, no traceback.

Run in-process through ``l1l2.cli.main`` (no manim import per case); each case names what the
one line must mention.
"""

from __future__ import annotations

import pytest

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
    extra = ["-o", str(out)] if args[0] in ("render", "lecture") else []
    check_one_line_exit_2(capsys, [*args, str(path), *extra], word, out)


@pytest.mark.usefixtures("no_rendering")
@pytest.mark.parametrize("args, word", [
    (["render", "--all", "shrnk"], "shrnk"),
    (["render", "shrink", "--set", "n_points=１１"], "n_points"),  # full-width digits
    (["render", "shrink", "--set", "n_points=1_1"], "n_points"),
    (["render", "shrink", "--set", "lam=0_2"], "lam"),
    (["render", "shrink", "--set", "lam=٠.٢"], "lam"),  # Arabic-Indic digits
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
