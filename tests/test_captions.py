"""Captions: plain text a viewer reads (readable Unicode, no Typst), and the .srt/.vtt writers."""

from __future__ import annotations

import functools
import re

import pytest
import srt as srt_lib
from scene_helpers import TINY

from l1l2 import timeline
from scenes.kit.captions import beat_cues, plain_text, srt, webvtt
from scenes.kit.registry import all_specs
from scenes.kit.typeset import fmt_number, fmt_plain, plain_math

# What a reader of the issue expects, written by hand (not produced by the code under test).
EXPECTED = {
    '"MSE"(w)': "MSE(w)",
    "w_0 = 0.50": "w₀ = 0.50",
    "λ^* = 2a|w_0| = 0.40": "λ* = 2a|w₀| = 0.40",
    "a w_0 \\/ (a + λ)": "a·w₀/(a + λ)",
    "7.5 times 10^(−4)": "7.5 × 10⁻⁴",
    "hat(w)": "ŵ",
    "sqrt(w_1^2 + w_2^2) ≤ C": "√(w₁² + w₂²) ≤ C",
    "λ sum_i |w_i|": "λ·Σᵢ|wᵢ|",
    'λ op("sign")(w)': "λ·sign(w)",
    "−2a w_0 ± λ": "−2a·w₀ ± λ",
    "1 − 2η λ = 0.9": "1 − 2η·λ = 0.9",
    "|w_1| + |w_2| ≤ C": "|w₁| + |w₂| ≤ C",
    "λ_min = 0.021": "λₘᵢₙ = 0.021",  # Typst subscripts the whole word (was "λₘin")
    'λ_"1se" = 0.341': "λ₁ₛₑ = 0.341",  # a quoted subscript
    'x_"bc"': "x_bc",  # letters Unicode cannot subscript stay readable
    "s = norm(w)_1 \\/ norm(hat(w))_1": "s = ‖w‖₁/‖ŵ‖₁",  # issue 22: the .srt said norm(w)₁
    "2^d": "2ᵈ",  # issue 22: the .srt said "2d of them"
    "3^q": "3^q",  # no Unicode superscript q: the mark stays, never "3q"
    "|hat(w)| <= λ \\/ (2a)": "|ŵ| ≤ λ/(2a)",
}
TYPST_LEFTOVERS = re.compile(r"[$_^\\#`]|\b(op|hat|sqrt|frac|text|box|block|times|dot|sum|quad|norm|arrow)\b(\(|\s|\.)"
                             r"|\"|<=|>=|!=|(?<!\.)\.\.(?!\.)|…\.")


@pytest.mark.parametrize("typst, plain", list(EXPECTED.items()))
def test_plain_math_reads_as_unicode(typst, plain):
    assert plain_math(typst) == plain


def test_plain_caption_drops_markup_but_keeps_the_words():
    caption = "At $λ^* = 2a|w_0| = 0.40$ the L1 minimizer reaches *exactly* 0, and stays there."
    assert plain_text(caption) == "At λ* = 2a|w₀| = 0.40 the L1 minimizer reaches exactly 0, and stays there."


def test_numbers_have_a_math_form_and_a_prose_form():
    assert fmt_number(7.5e-4) == "7.5 times 10^(−4)"
    assert fmt_plain(7.5e-4) == "7.5 × 10⁻⁴"
    assert fmt_plain(-3.1e-9) == "−3.1 × 10⁻⁹"
    assert fmt_plain(0.0) == "0" and fmt_plain(0.3333) == "0.33"


@functools.cache
def scene_captions(name: str) -> tuple[str, ...]:
    return tuple(b.caption for b in timeline(name, settings=TINY).beats)


@pytest.mark.parametrize("name", [s.name for s in all_specs()])
def test_every_caption_of_every_scene_is_plain_text(name):
    """The captions as rendered (templates filled with the scene's numbers), in plain text: no
    `$ _ ^ \\ #`, quotes or Typst functions left."""
    bad = [(c, plain_text(c)) for c in scene_captions(name) if TYPST_LEFTOVERS.search(plain_text(c))]
    assert not bad, bad


def test_the_leftover_check_catches_the_old_cleaners_output():
    """What base.py's old cleaner wrote into .srt files (issue 10) fails the check above."""
    old = ['The loss "MSE"(w) is a parabola, smallest at … w_0 = 0.50.', "At λ^ = 2a|w_0| = 0.40",
           "The L2 minimizer a w_0 \\/ (a + λ) only shrinks", "3.1 times 10^(−9)",
           # issue 22: what the .srt files said in round 2
           "each weight against s = norm(w)₁/norm(ŵ)₁", "where a feature joins: bmi, s5, bp, ….",
           "exactly 0 on the flat part, where |ŵ| <= λ/(2a)"]
    assert all(TYPST_LEFTOVERS.search(t) for t in old)


def test_srt_and_vtt_carry_the_plain_text_with_its_times():
    class Beat:
        def __init__(self, time, caption):
            self.time, self.caption = time, caption

    beats = [Beat(0.0, "Loss $w_0 = 0.50$."), Beat(2.5, "L2 settles at $0.07 > 0$ & <stays>.")]
    cues = beat_cues(beats, 6.0, offset=10.0)
    assert cues == [(10.0, 12.5, "Loss w₀ = 0.50."), (12.5, 16.0, "L2 settles at 0.07 > 0 & <stays>.")]
    subs = list(srt_lib.parse(srt(cues)))
    # (a zero-width space after a "<" that could open a player's tag is the only change)
    assert [(s.start.total_seconds(), s.end.total_seconds(), s.content.replace("\u200b", "")) for s in subs] == cues
    vtt = webvtt(cues)
    assert vtt.startswith("WEBVTT\n\n")
    assert "00:00:12.500 --> 00:00:16.000\nL2 settles at 0.07 &gt; 0 &amp; &lt;stays&gt;.\n" in vtt


def test_fmt_sci_one_scientific_notation_for_every_scene():
    """overfit and scaling each had their own ``sci`` (one wrote ``10^(5)``, the other ``10^5`` and an ASCII
    hyphen in ``10^(-15)``): one formatter now, checked against the numbers by hand."""
    from scenes.kit.typeset import fmt_sci

    assert fmt_sci(4.5e5) == "4.5 times 10^5" and plain_math(fmt_sci(4.5e5)) == "4.5 × 10⁵"
    assert fmt_sci(2.1e-15, 0) == "2 times 10^(−15)" and plain_math(fmt_sci(2.1e-15, 0)) == "2 × 10⁻¹⁵"
    assert fmt_sci(99_960) == "1.0 times 10^5"  # 9.996 rounds to 10.0: one power up
    assert fmt_sci(79.3, plain_between=(0.01, 100)) == "79" and fmt_sci(0.0) == "0"
    assert fmt_sci(-3e-4) == "−3.0 times 10^(−4)"
