"""
Mutation testing of the code that carries the product's promises (``make mutation``).

Runs mutmut 3 (configured in ``pyproject.toml``, ``[tool.mutmut]``) on the functions
listed in ``GROUPS`` only, then prints the share of mutants killed per group and in
all. Exits non-zero when the total is under ``--minimum`` percent.
"""

import argparse
import fnmatch
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What each promise is made of, as mutmut's mutant names (module.x_function or
# module.xǁClassǁmethod), matched with fnmatch.
GROUPS = {
    "quote location (sources/text.py, Citation)": [
        "sources.text.x__fold_char__mutmut_*",
        "sources.text.x_normalize_with_map__mutmut_*",
        "sources.text.x_normalize__mutmut_*",
        "sources.text.x_fingerprint__mutmut_*",
        "sources.text.x__on_boundaries__mutmut_*",
        "sources.text.x_find_all__mutmut_*",
        "sources.text.x_locate_quote__mutmut_*",
        "briefings.models.claims.xǁCitationǁsave__mutmut_*",
        "briefings.models.claims.xǁCitationǁlocate__mutmut_*",
        "briefings.models.claims.xǁCitationǁclean__mutmut_*",
        "briefings.models.claims.xǁCitationǁanchor__mutmut_*",
    ],
    "anchoring (sources/anchoring.py)": [
        "sources.anchoring.x_*",
        "briefings.services.x__apply_reanchoring__mutmut_*",
    ],
    "corroboration (briefings/corroboration.py)": [
        "briefings.corroboration.x_*",
    ],
    "visibility (published(), preview)": [
        "briefings.models.claims.xǁClaimQuerySetǁpublished__mutmut_*",
        "briefings.models.briefings.xǁBriefingQuerySetǁpublished__mutmut_*",
        "briefings.views.x_can_preview__mutmut_*",
        "briefings.views.xǁPreviewMixinǁ*",
    ],
    "publish gate (briefings/services.py)": [
        "briefings.services.x_briefing_publish__mutmut_*",
        "briefings.services.x_briefing_verify_citations__mutmut_*",
        "briefings.services.x_briefing_missing_passages__mutmut_*",
        "briefings.services.x__citation_failure__mutmut_*",
    ],
}

KILLED = {1, 3, 24, -24, 36, 152, 255}  # a test failed, pytest broke, or it timed out
SURVIVED = {0}
NO_TESTS = {5, 33}


def results():
    """``{mutant name: exit code}`` from mutmut's files under ``mutants/``."""
    codes = {}
    for meta in (ROOT / "mutants").rglob("*.meta"):
        codes.update(json.loads(meta.read_text("utf-8"))["exit_code_by_key"])
    return codes


def score(codes, patterns):
    names = sorted(n for n in codes if any(fnmatch.fnmatch(n, p) for p in patterns))
    killed = [n for n in names if codes[n] in KILLED]
    survived = [n for n in names if codes[n] in SURVIVED or codes[n] in NO_TESTS]
    unchecked = [n for n in names if codes[n] is None]
    return killed, survived, unchecked


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--minimum", type=float, default=85.0, help="percent to reach")
    parser.add_argument("--max-children", default="2")
    parser.add_argument("--report-only", action="store_true", help="do not run mutmut")
    args = parser.parse_args()
    patterns = [p for group in GROUPS.values() for p in group]
    if not args.report_only:
        mutmut = Path(sys.executable).with_name("mutmut")
        command = [str(mutmut), "run", "--max-children", args.max_children, *patterns]
        subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603
    codes = results()
    total_killed = total = 0
    print(f"\n{'promise':48} {'killed':>7} {'of':>5} {'score':>7}")
    for group, group_patterns in GROUPS.items():
        killed, survived, unchecked = score(codes, group_patterns)
        checked = len(killed) + len(survived)
        total_killed += len(killed)
        total += checked
        share = 100 * len(killed) / checked if checked else 0.0
        print(f"{group:48} {len(killed):7} {checked:5} {share:6.1f}%")
        for name in survived:
            print(f"    survived: {name}")
        if unchecked:
            print(f"    not checked: {len(unchecked)}")
    overall = 100 * total_killed / total if total else 0.0
    print(f"{'all':48} {total_killed:7} {total:5} {overall:6.1f}%")
    return 0 if overall >= args.minimum else 1


if __name__ == "__main__":
    sys.exit(main())
