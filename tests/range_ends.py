"""Every scene's whole ``construct`` (a dry run: no frames drawn) at each numeric parameter's ends and just
inside them, the other parameters at their defaults. Not part of ``make test`` (about 15 minutes on 2
cores); run it after changing a scene or its ranges:

    .venv/bin/python tests/range_ends.py [SCENE ...]

Each accepted value prints ``ok`` with its time, or ``FAIL`` with the error; values refused with one line
(exit 2 on the command line) are skipped. It exits 1 if any value failed. The suite's own check,
``test_every_parameter_at_and_near_the_ends_of_its_range_solves_or_is_refused_in_one_line``, covers the
numbers of the same values in seconds; this covers the drawing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(only: list[str]) -> int:
    from test_inputs import _range_ends

    from l1l2.job import make_job
    from l1l2.run import job_timeline
    from l1l2.settings import RenderSettings
    from scenes.kit.params import ParamError, describe
    from scenes.kit.registry import all_specs

    settings = RenderSettings(quality="preview")
    failed = 0
    for spec in all_specs():
        if only and spec.name not in only:
            continue
        for info in describe(spec.params_class):
            if info.type not in ("int", "float"):
                continue
            for value in _range_ends(info):
                try:
                    job = make_job(spec.name, {info.name: value}, settings=settings)
                except ParamError:
                    continue
                t = time.perf_counter()
                try:
                    job_timeline(job)
                    print(f"ok   {spec.name} {info.name}={value!r} {time.perf_counter() - t:.1f} s", flush=True)
                except Exception as err:  # noqa: BLE001 (reported, the sweep goes on)
                    failed += 1
                    print(f"FAIL {spec.name} {info.name}={value!r}: {type(err).__name__}: {err}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
