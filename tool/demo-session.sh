#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A short fair-day session on a fresh demo store through the `ocop`
# command, then the till (ocop-pos) opened on the same store when there is a
# display: what the README's "try it" command runs.
# Usage: tool/demo-session.sh BUILD_DIR [STORE]
set -euo pipefail

build=${1:-_build}
ocop="$build/tool/ocop"
store=${2:-$(mktemp -d)/demo.db}
export OCOP_DB=$store
# In Vietnamese, as booth staff see it (LANGUAGE=en shows the English).
export LANGUAGE=${LANGUAGE:-vi}
export OCOP_LOCALEDIR="$build/po"

say () { printf '\n\033[1m$ ocop %s\033[0m\n' "$*"; "$ocop" "$@"; }

# The sku of the best match for a name, as a cashier would find it.
sku_of () { "$ocop" catalog search --limit 1 "$1" | awk 'NR == 1 { print $1 }'; }

say demo
say catalog search tra hoa vang
tea=$(sku_of "tra hoa vang ba che")
rice=$(sku_of "gao nep cai hoa vang")
water=$(sku_of "nuoc khoang quang hanh")
pearl=$(sku_of "ngoc trai")
noodles=$(sku_of "mien dong binh lieu")

say day open
say sale add "$tea*2" "$rice" --pay cash:1.500.000 --cashier "Lan"
say sale add "$water*6" "$noodles" --pay transfer --cashier "Lan"
say sale add "$pearl" --pay transfer:1.000.000 --pay cash --cashier "Hùng"
say sale add "$noodles*3" --pay cash --cashier "Hùng"
# Hùng supervises; the demo's PIN 9999 comes on standard input, as a script's would.
echo 9999 | say sale void '#4' --reason "khách đổi ý" --approver "Hùng"
say visitors add 350 --gate "Cổng chính"
say sale show '#1'
say report day
printf '\nKho dữ liệu dùng thử (demo store): %s\nChạy thêm lệnh (more commands): OCOP_DB=%s %s …\n' "$store" "$store" "$ocop"
# The till opens on its sign-in page: say who can sign in.
printf 'Thu ngân (cashiers): Lan, mã PIN 1111; Hùng, quản lý (supervisor), mã PIN 9999\n'

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$build/ui/ocop-pos" ]; then
  printf '\nMở quầy thu ngân (opening the till): %s\n' "$build/ui/ocop-pos"
  exec "$build/ui/ocop-pos"
else
  printf '\nKhông có màn hình (no display): on a desktop, run OCOP_DB=%s %s\n' "$store" "$build/ui/ocop-pos"
fi
