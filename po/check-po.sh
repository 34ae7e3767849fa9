#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-po.sh: fails unless a language's catalogue is complete for the
# sources as they are now: merged with a template freshly extracted from
# POTFILES.in (as `ocop-pos-update-po` would), it must have no untranslated
# and no fuzzy message, and no translation left for a string the sources
# dropped. A syntax check alone passed while gate mode showed English.
# Usage: check-po.sh LANG.po SOURCE-ROOT XGETTEXT-ARGS…
set -eu
po=$1 root=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

msgfmt --check -o /dev/null "$po"
grep -v '^#' "$root/po/POTFILES.in" | grep . > "$tmp/files"
xgettext --package-name=ocop-pos -f "$tmp/files" -D "$root" -o "$tmp/fresh.pot" "$@"
msgmerge --quiet -o "$tmp/merged.po" "$po" "$tmp/fresh.pot"

stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$tmp/merged.po" 2>&1)
figure () { echo "$stats" | sed -n "s/.*[^0-9]\([0-9][0-9]*\) $1.*/\1/p;s/^\([0-9][0-9]*\) $1.*/\1/p" | head -n 1; }
untranslated=$(figure untranslated)
fuzzy=$(figure fuzzy)
obsolete () { grep -c '^#~ msgid ' "$1" || true; }
stale=$(( $(obsolete "$tmp/merged.po") - $(obsolete "$po") ))
# The messages themselves, so that the log says what to translate.
listed () { msgattrib --no-wrap --no-obsolete "$@" "$tmp/merged.po" | grep '^msgid "..*"$' || true; }

untranslated=${untranslated:-0} fuzzy=${fuzzy:-0}
echo "$(basename "$po") merged with the sources' strings: $stats"
[ "$untranslated" -eq 0 ] || { echo "$untranslated untranslated:"; listed --untranslated; }
[ "$fuzzy" -eq 0 ] || { echo "$fuzzy fuzzy:"; listed --only-fuzzy; }
[ "$stale" -le 0 ] || echo "$stale translations of strings no source has any more"
if [ "$untranslated" -ne 0 ] || [ "$fuzzy" -ne 0 ] || [ "$stale" -gt 0 ]; then
  echo "Run: ninja -C BUILD ocop-pos-update-po, then translate what is listed"
  exit 1
fi
