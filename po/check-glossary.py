#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-glossary.py: fails when a translation breaks po/GLOSSARY.md (a
# message naming an English term without its Vietnamese term, or any
# listed alternative used) or when a message with a C format directive
# lacks the c-format flag: without it msgfmt leaves %<PRId64> unexpanded
# and the message never matches at run time, so the till shows English.
# Usage: check-glossary.py GLOSSARY.md LANG.po
import re
import sys

# printf directives as xgettext sees them in C: %s, %d, %'d, %.1f, %<PRId64>.
DIRECTIVE = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.\d+)?"
                       r"(?:<PRI[diouxX](?:8|16|32|64|MAX|PTR)>|hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcsp]")


def read_glossary(path):
    rows = []
    for line in open(path, encoding='utf-8'):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) != 4 or cells[0] in ('English', '') or set(cells[0]) <= set('-'):
            continue
        alternatives = [a.strip() for a in cells[2].split(';') if a.strip()]
        rows.append((cells[0], cells[1], alternatives))
    return rows


def read_po(path):
    """Yields (line, flags, msgid, msgid_plural, [msgstr…]) for each message."""
    entry, field = None, None
    for number, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line.strip():
            if entry and entry['msgid']:
                yield entry
            entry, field = None, None
            continue
        if entry is None:
            entry = {'line': number, 'flags': set(), 'msgid': '', 'msgid_plural': '', 'msgstr': []}
        if line.startswith('#~'):
            entry['msgid'] = ''
            field = None
        elif line.startswith('#,'):
            entry['flags'].update(f.strip() for f in line[2:].split(','))
        elif line.startswith('#'):
            continue
        else:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                field = match.group(1)
                if field.startswith('msgstr'):
                    entry['msgstr'].append('')
                else:
                    entry[field] = ''
                text = match.group(2)
            elif line.startswith('"'):
                text = line[1:-1]
            else:
                continue
            if field.startswith('msgstr'):
                entry['msgstr'][-1] += text
            else:
                entry[field] += text
    if entry and entry['msgid']:
        yield entry


def main():
    glossary, po = sys.argv[1], sys.argv[2]
    rows = read_glossary(glossary)
    problems = []
    if not rows:
        problems.append(f'{glossary}: no terms read')
    for entry in read_po(po):
        english = entry['msgid'] + ' ' + entry['msgid_plural']
        where = f"{po}:{entry['line']}: \"{entry['msgid']}\""
        if DIRECTIVE.search(english) and 'c-format' not in entry['flags'] and 'no-c-format' not in entry['flags']:
            problems.append(f'{where} has a format directive but no c-format flag')
        for translation in entry['msgstr']:
            vietnamese = re.sub(r'(?<!\w)_', '', translation.lower()).replace('_', ' ')  # a mnemonic's underscore goes; one inside a placeholder is a space
            for term, chosen, alternatives in rows:
                for alternative in alternatives:
                    if re.search(r'(?<!\w)' + re.escape(alternative.lower()) + r'(?!\w)', vietnamese):
                        problems.append(f'{where} says "{alternative}" for {term}: write "{chosen}"')
                # A term left in English in the translation is a code
                # (--booth, booth.in_province, `transfer` as a method).
                if (translation and re.search(r'\b' + re.escape(term.lower()), english.lower())
                        and chosen.lower() not in vietnamese and term.lower() not in vietnamese):
                    problems.append(f'{where} names "{term}" but its translation lacks "{chosen}"')
    for problem in problems:
        print(problem)
    print(f'{len(rows)} glossary terms; {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
