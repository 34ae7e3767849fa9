#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# tap-summary.py: the closing lines of tests/run-all.sh, from the logs alone
# (so that it can be run again on existing logs). Each test case is counted
# once, however many builds ran it: failed if it failed in any build, passed
# if it passed in one, else skipped. The lines before the last say what
# each build and stage did and how many builds ran each case; the last is
# "N passed, N failed, N skipped", which CI parses.
# Usage: tap-summary.py [--failed] NAME=BUILD_DIR… NAME=TAP_LOG…
#   BUILD_DIR holds meson-logs/testlog.json (a build, run by meson test);
#   TAP_LOG is a stage's TAP output (tests/packaging/*.sh); --failed: a
#   step before the tests failed (a build that did not compile).
import json
import os
import re
import sys

TAP_LINE = re.compile(r"^(not ok|ok)\b\s*(\d*)\s*-?\s*([^#]*?)\s*(#\s*(\w+).*)?$")
SKIP_PLAN = re.compile(r"^1\.\.0\s*#\s*SKIP", re.I)
BAD_RESULTS = ("FAIL", "ERROR", "TIMEOUT", "UNEXPECTEDPASS", "INTERRUPT")


def tap_cases(text):
    """Yields (case, outcome) for each TAP result line, for a plan that
    skips the whole program, and for a bail-out."""
    for line in text.splitlines():
        if SKIP_PLAN.match(line):
            yield "(all)", "skipped"
            continue
        if line.startswith("Bail out!"):
            yield "(bailed out)", "failed"
            continue
        match = TAP_LINE.match(line)
        if not match:
            continue
        status, number, name, _, directive = match.groups()
        # By number: the same program lists its cases in the same order in
        # every build, while a name may carry a figure ("fuzzed for 15 s:
        # Done 5321 runs") that differs from one run to the next.
        case = f"#{number}" if number else name
        if status == "not ok":
            yield case, "failed"
        elif directive and directive.upper() == "SKIP":
            yield case, "skipped"
        else:
            yield case, "passed"


def build_cases(build_dir):
    """The outcome of each case a build's `meson test` ran, by (test, case);
    None when the build left no test log."""
    log = os.path.join(build_dir, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        return None
    cases = {}
    for line in open(log, encoding="utf-8"):
        test = json.loads(line)
        name = test["name"]
        own = dict(tap_cases(test.get("stdout") or ""))
        if not own:
            # Not TAP (a validator), or a program that printed nothing.
            own["(program)"] = {"OK": "passed", "EXPECTEDFAIL": "passed", "SKIP": "skipped"}.get(
                test["result"], "failed")
        elif test["result"] in BAD_RESULTS and "failed" not in own.values():
            # Crashed, timed out or bailed out after its last result line.
            own[f"(program ended: {test['result']})"] = "failed"
        for case, outcome in own.items():
            cases[(name, case)] = outcome
    return cases


def stage_cases(log):
    if not os.path.exists(log):
        return None
    return {(os.path.basename(log), case): outcome
            for case, outcome in tap_cases(open(log, encoding="utf-8").read())}


def counts(outcomes):
    return tuple(sum(1 for o in outcomes if o == kind) for kind in ("passed", "failed", "skipped"))


def main(argv):
    failed_before = "--failed" in argv
    runs = [arg.split("=", 1) for arg in argv if arg != "--failed"]
    merged = {}     # (run kind, test, case) -> outcomes, one per run that has it
    n_builds = 0
    missing = 0
    for name, path in runs:
        is_build = os.path.isdir(path)
        cases = build_cases(path) if is_build else stage_cases(path)
        if cases is None:
            print(f"{name}: no test log ({path}): it did not run")
            missing += 1
            continue
        n_builds += is_build
        passed, failed, skipped = counts(cases.values())
        print(f"{name}: {passed} passed, {failed} failed, {skipped} skipped")
        for (test, case), outcome in cases.items():
            merged.setdefault(("build" if is_build else name, test, case), []).append(outcome)

    # A program skipped whole in one build ("1..0 # SKIP": no Xvfb…) whose
    # cases ran in another is counted by those cases, as run in fewer builds.
    ran_tests = {test for (kind, test, case) in merged if kind == "build" and case != "(all)"}
    for test in ran_tests:
        for outcome in merged.pop(("build", test, "(all)"), []):
            for key in [k for k in merged if k[0] == "build" and k[1] == test]:
                merged[key].append(outcome)

    final = []
    ran_in = {}
    for (kind, _, _), outcomes in merged.items():
        if "failed" in outcomes:
            final.append("failed")
        elif "passed" in outcomes:
            final.append("passed")
        else:
            final.append("skipped")
        if kind == "build":
            ran = sum(1 for o in outcomes if o != "skipped")
            ran_in[ran] = ran_in.get(ran, 0) + 1
    if n_builds:
        spread = ", ".join(f"{ran_in[k]} ran in {k} of {n_builds}" for k in sorted(ran_in, reverse=True))
        print(f"the builds' test cases, each counted once below: {spread} builds")
    passed, failed, skipped = counts(final)
    if failed == 0 and (failed_before or missing):
        failed = 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
