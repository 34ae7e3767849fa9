#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest without flatpak-builder (no GNOME runtime can
be downloaded here): valid JSON, the keys flatpak-builder needs, every
module buildable from a pinned source, the app itself built last, and the
permissions the till needs (USB printers and scanners, the hub, a display).
Prints TAP; each failure names the key and the module."""
import json
import sys

path = sys.argv[1]
checks = []


def check(what, ok, detail=""):
    checks.append((what, ok, detail))


try:
    manifest = json.load(open(path, encoding="utf-8"))
except (OSError, ValueError) as error:
    print("1..1\nnot ok 1 %s is valid JSON\n# %s" % (path, error))
    sys.exit(1)

for key, kind in (("id", str), ("runtime", str), ("runtime-version", str),
                  ("sdk", str), ("command", str), ("finish-args", list), ("modules", list)):
    check("key '%s' is a %s" % (key, kind.__name__), isinstance(manifest.get(key), kind))
check("app id vn.ocop.Pos", manifest.get("id") == "vn.ocop.Pos")
check("runs ocop-pos", manifest.get("command") == "ocop-pos")
check("GNOME runtime and its SDK", manifest.get("runtime") == "org.gnome.Platform"
      and manifest.get("sdk") == "org.gnome.Sdk")
args = manifest.get("finish-args", [])
for needed in ("--device=all", "--share=network", "--socket=wayland", "--socket=fallback-x11"):
    check("finish-args has %s" % needed, needed in args)
check("no access to the whole home folder", not any(a.startswith("--filesystem=home") or a == "--filesystem=host" for a in args))

modules = manifest.get("modules", [])
for module in modules:
    name = module.get("name", "?")
    check("module %s has a name and build system" % name,
          isinstance(module.get("name"), str) and module.get("buildsystem") in ("meson", "cmake", "cmake-ninja", "autotools", "simple"))
    sources = module.get("sources", [])
    check("module %s has sources" % name, isinstance(sources, list) and len(sources) > 0)
    for source in sources:
        kind = source.get("type")
        if kind == "git":
            check("module %s: git source pinned to a tag or commit" % name,
                  source.get("url", "").startswith("https://") and ("tag" in source or "commit" in source))
        elif kind == "archive":
            check("module %s: archive with sha256" % name, len(source.get("sha256", "")) == 64)
        else:
            check("module %s: source type %s" % (name, kind), kind == "dir" and "path" in source)
check("ocop-pos is the last module", bool(modules) and modules[-1].get("name") == "ocop-pos")

print("1..%d" % len(checks))
failed = 0
for number, (what, ok, detail) in enumerate(checks, 1):
    print("%s %d %s" % ("ok" if ok else "not ok", number, what))
    if not ok:
        failed += 1
sys.exit(1 if failed else 0)
