#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-potfiles.py: fails when a source, template, desktop or schema file
# with translatable strings is missing from po/POTFILES.in, or when
# POTFILES.in names a file that does not exist. A file left out is shown
# in English on a Vietnamese till (gate mode was, before this test).
# Usage: check-potfiles.py SOURCE-ROOT
import os
import re
import sys

# Folders that hold no shipped strings: tests speak to developers, po/
# is the catalogue itself, build folders are copies.
SKIPPED_DIRS = {'tests', 'po', 'docs', 'subprojects', 'node_modules'}

# gettext calls as xgettext extracts them: the glib preset's keywords
# (po/meson.build) and xgettext's own (gettext, dgettext, ngettext…).
C_CALL = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|g_dcgettext|g_dngettext|g_dpgettext2?'
                    r'|d?c?n?gettext|pgettext|gettext_noop)\s*\(')
C_COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
C_STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
# A desktop entry's localestrings: what msgfmt --desktop translates.
DESKTOP_KEY = re.compile(r'^(?:Name|GenericName|Comment|Keywords)\s*=', re.M)
SCHEMA_TEXT = re.compile(r'<(?:summary|description)>')
# What AppStream's ITS rules translate in a metainfo file.
METAINFO_TEXT = re.compile(r'<(?:name|summary|p|li|caption)>')


def code_of(text):
    """C text without comments or string literals, so that a comment
    saying "show it with _()" or a string holding "_(" does not count."""
    return C_STRING.sub('""', C_COMMENT.sub(' ', text))


def translatable(path, text):
    name = os.path.basename(path)
    if name.endswith(('.c', '.h')):
        return C_CALL.search(code_of(text)) is not None
    if name.endswith('.ui'):
        return UI_TRANSLATABLE.search(text) is not None
    if name.endswith('.desktop.in'):
        return DESKTOP_KEY.search(text) is not None
    if name.endswith('.gschema.xml'):
        return SCHEMA_TEXT.search(text) is not None
    if name.endswith(('.metainfo.xml.in', '.appdata.xml.in')):
        return METAINFO_TEXT.search(text) is not None
    return False


def files_with_strings(root):
    for folder, dirs, files in os.walk(root):
        # A meson build folder, whatever its name, holds only copies.
        dirs[:] = sorted(d for d in dirs
                         if d not in SKIPPED_DIRS and not d.startswith(('.', '_build'))
                         and not os.path.isdir(os.path.join(folder, d, 'meson-private')))
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                with open(path, encoding='utf-8') as f:
                    text = f.read()
            except (UnicodeDecodeError, OSError):
                continue
            if translatable(path, text):
                yield os.path.relpath(path, root)


def listed(potfiles):
    with open(potfiles, encoding='utf-8') as f:
        lines = (line.strip() for line in f)
        return [line for line in lines if line and not line.startswith('#')]


def main():
    root = sys.argv[1]
    names = listed(os.path.join(root, 'po', 'POTFILES.in'))
    missing = [p for p in files_with_strings(root) if p not in names]
    absent = [p for p in names if not os.path.isfile(os.path.join(root, p))]
    for path in missing:
        print(f'{path}: has translatable strings but is not in po/POTFILES.in')
    for path in absent:
        print(f'po/POTFILES.in: {path} does not exist')
    duplicated = sorted({p for p in names if names.count(p) > 1})
    for path in duplicated:
        print(f'po/POTFILES.in: {path} is listed more than once')
    if missing or absent or duplicated:
        return 1
    print(f'po/POTFILES.in: {len(names)} files, none missing, all present')
    return 0


if __name__ == '__main__':
    sys.exit(main())
