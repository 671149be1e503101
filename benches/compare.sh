#!/usr/bin/env bash
# End-to-end performance of `lidex scan`, against the inflate floor, `unzip -p` and, when
# Python is present, linkedin2md (PyPI). Builds lidex itself, generates the archives into a
# temporary directory (removed on exit) and prints every figure, then one summary line:
#
#   scan_vs_floor=1.4 scan_vs_unzip=0.3 posts_vs_floor=1.3 rss_1g_mb=40 posts_rss_1g_mb=40 rss_64m_mb=38 speedup_vs_linkedin2md=45 threads_identical=yes
#
# `lidex scan` runs the sensitive-content scan and collects the posts list in its single
# pass (issue 12), so scan_vs_floor is the scan with the sensitive scan on.
#
# Usage: benches/compare.sh            (from anywhere inside a clone)
# Env:   CARGO_TARGET_DIR (honoured), RUNS (timing runs per figure, default 3; the median is kept)
#        SKIP_1G=1 to skip the 1 GiB archive (then rss_1g_mb=n/a)
#        L2M_ONLY=1 for the linkedin2md comparison alone (16 MiB archive; other figures n/a),
#        light enough for a shared machine
# See docs/performance.md for what the figures mean and the goals.

set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
runs=${RUNS:-3}
target=${CARGO_TARGET_DIR:-$root/target}

echo "== building (release)"
cargo build --release --quiet --bin lidex --example gen_archive --example inflate_floor
lidex=$target/release/lidex
gen=$target/release/examples/gen_archive
floor=$target/release/examples/inflate_floor

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== machine: $(nproc) cores, $(uname -sm), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')"

# Wall-clock seconds of a command (stdout and stderr discarded).
wall() {
    local start end
    start=$EPOCHREALTIME
    "$@" >/dev/null 2>&1
    end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}

# The median of $runs wall-clock timings of a command.
median() {
    local times=() i
    for ((i = 0; i < runs; i++)); do
        times+=("$(wall "$@")")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

# Peak resident memory of a command, in MiB.
peak_rss_mb() {
    if /usr/bin/time -f %M true >/dev/null 2>&1; then
        /usr/bin/time -o "$tmp/rss" -f '%M' "$@" >/dev/null 2>&1 || true
        local kb
        kb=$(tail -n1 "$tmp/rss")
        awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }'
    else
        # No GNU time: sample VmHWM (the kernel's own peak) until the process ends.
        "$@" >/dev/null 2>&1 &
        local pid=$! hwm=0 now
        while kill -0 "$pid" 2>/dev/null; do
            now=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
            [[ -n $now && $now -gt $hwm ]] && hwm=$now
            sleep 0.01
        done
        wait "$pid" || true
        awk -v k="$hwm" 'BEGIN { printf "%.0f", k / 1024 }'
    fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# As the issue states it: the JSON report is built and written (to /dev/null, so no disk
# write or fsync is timed), the terminal summary is rendered.
scan() { "$lidex" scan "$1" --json /dev/null --quiet "${@:2}"; }
# `lidex posts` with the default selection, on a fixed day so runs compare.
posts() { "$lidex" posts "$1" --json /dev/null --quiet --as-of 2026-01-01 "${@:2}"; }

l2m_only=${L2M_ONLY:-}
sizes=(16MiB 64MiB 256MiB)
[[ -n $l2m_only ]] && sizes=(16MiB)

echo "== generating archives in $tmp"
for size in "${sizes[@]}"; do
    "$gen" --size "$size" --out "$tmp/$size.zip" | sed 's/^/   /'
done
if [[ -z ${SKIP_1G:-} && -z $l2m_only ]]; then
    "$gen" --size 1GiB --out "$tmp/1GiB.zip" | sed 's/^/   /'
fi

# Writing the archives leaves hundreds of MiB of dirty pages; flush them now, or their
# write-back competes with the timed runs below.
sync

scan_vs_floor=n/a scan_vs_unzip=n/a posts_vs_floor=n/a rss_64m=n/a rss_1g=n/a posts_rss_1g=n/a
threads_identical=n/a
if [[ -z $l2m_only ]]; then
echo "== 256 MiB archive, median of $runs runs"
# Warm the page cache so the first timed run does not pay for the disk.
cat "$tmp/256MiB.zip" >/dev/null
floor_s=$(median "$floor" "$tmp/256MiB.zip")
scan_s=$(median scan "$tmp/256MiB.zip")
unzip_s=n/a
if command -v unzip >/dev/null; then
    unzip_s=$(median sh -c 'unzip -p "$1" >/dev/null' sh "$tmp/256MiB.zip")
fi
echo "   inflate floor        ${floor_s} s"
echo "   lidex scan --json    ${scan_s} s"
echo "   unzip -p             ${unzip_s} s"
scan_vs_floor=$(ratio "$scan_s" "$floor_s")
scan_vs_unzip=n/a
[[ $unzip_s != n/a ]] && scan_vs_unzip=$(ratio "$scan_s" "$unzip_s")
echo "   scan/floor = $scan_vs_floor   scan/unzip = $scan_vs_unzip"
posts_s=$(median posts "$tmp/256MiB.zip")
posts_vs_floor=$(ratio "$posts_s" "$floor_s")
echo "   lidex posts --json   ${posts_s} s   posts/floor = $posts_vs_floor"

echo "== peak RSS of lidex scan"
# Not through the `scan` function: GNU time runs programs, not shell functions.
rss_64m=$(peak_rss_mb "$lidex" scan "$tmp/64MiB.zip" --json /dev/null --quiet)
echo "   64 MiB archive: ${rss_64m} MiB"
rss_1g=n/a
if [[ -f $tmp/1GiB.zip ]]; then
    rss_1g=$(peak_rss_mb "$lidex" scan "$tmp/1GiB.zip" --json /dev/null --quiet)
    echo "   1 GiB archive:  ${rss_1g} MiB"
    echo "   1 GiB scan time: $(wall scan "$tmp/1GiB.zip") s"
fi
posts_rss_1g=n/a
if [[ -f $tmp/1GiB.zip ]]; then
    posts_rss_1g=$(peak_rss_mb "$lidex" posts "$tmp/1GiB.zip" --json /dev/null --quiet --as-of 2026-01-01)
    echo "   1 GiB archive, lidex posts: ${posts_rss_1g} MiB"
fi

echo "== same output at 1 and 2 threads (256 MiB)"
"$lidex" scan "$tmp/256MiB.zip" --json "$tmp/t1.json" --force --quiet --threads 1 >/dev/null 2>&1
"$lidex" scan "$tmp/256MiB.zip" --json "$tmp/t2.json" --force --quiet --threads 2 >/dev/null 2>&1
threads_identical=no
cmp -s "$tmp/t1.json" "$tmp/t2.json" && threads_identical=yes
echo "   byte-identical: $threads_identical"
fi

echo "== linkedin2md (PyPI) on the 16 MiB archive"
speedup="n/a (python3 not found)"
if command -v python3 >/dev/null; then
    if python3 -m venv "$tmp/venv" >/dev/null 2>&1 &&
        "$tmp/venv/bin/pip" install --quiet linkedin2md >"$tmp/pip.log" 2>&1; then
        l2m() { rm -rf "$tmp/l2m-out"; "$tmp/venv/bin/linkedin2md" "$1" -o "$tmp/l2m-out" -q; }
        if l2m "$tmp/16MiB.zip" >"$tmp/l2m.log" 2>&1; then
            l2m_s=$(median l2m "$tmp/16MiB.zip")
            lidex16_s=$(median scan "$tmp/16MiB.zip")
            rm -rf "$tmp/l2m-out"
            l2m_rss=$(peak_rss_mb "$tmp/venv/bin/linkedin2md" "$tmp/16MiB.zip" -o "$tmp/l2m-out" -q)
            echo "   linkedin2md ${l2m_s} s (${l2m_rss} MiB)   lidex ${lidex16_s} s"
            speedup=$(awk -v a="$l2m_s" -v b="$lidex16_s" 'BEGIN { printf "%.0f", a / b }')
            if [[ -f $tmp/1GiB.zip ]]; then
                if l2m "$tmp/1GiB.zip" >"$tmp/l2m-1g.log" 2>&1; then
                    echo "   linkedin2md took the 1 GiB archive"
                else
                    echo "   linkedin2md refused the 1 GiB archive: $(grep -v WARNING "$tmp/l2m-1g.log" | tail -n1)"
                fi
            fi
        else
            speedup="n/a (linkedin2md failed: $(tail -n1 "$tmp/l2m.log"))"
        fi
    else
        speedup="n/a (pip install linkedin2md failed: $(tail -n1 "$tmp/pip.log" 2>/dev/null))"
    fi
fi
echo "   speedup: $speedup"

one_decimal() { awk -v r="$1" 'BEGIN { if (r == "n/a") print r; else printf "%.1f", r }'; }
echo "scan_vs_floor=$(one_decimal "$scan_vs_floor") scan_vs_unzip=$(one_decimal "$scan_vs_unzip") posts_vs_floor=$(one_decimal "$posts_vs_floor") rss_1g_mb=$rss_1g posts_rss_1g_mb=$posts_rss_1g rss_64m_mb=$rss_64m speedup_vs_linkedin2md=$speedup threads_identical=$threads_identical"
