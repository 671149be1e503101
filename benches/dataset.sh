#!/usr/bin/env bash
# Benchmarks for the `dataset` feature (issue 15), in one run:
#   1. `lidex dataset` over 10, 100 and 1,000 small generated members: seconds per member and
#      peak RSS, which should stay flat as the count grows (memory is per member);
#   2. `lidex cohort` on the 1,000-member dataset beside the same queries in DuckDB on the
#      same files (members, GenAI exposure, old posts, finding prevalence), as a ratio.
#
#     nice -n 19 benches/dataset.sh          # needs python3; DuckDB from $DUCKDB_PY or skipped
#     COUNTS="10 100" PROFILE=debug nice -n 19 benches/dataset.sh   # a quick look
#
# DuckDB is not a dependency of lidex: point DUCKDB_PY at a python with the duckdb module
# (python3 -m venv /tmp/venv && /tmp/venv/bin/pip install duckdb; the default is that path).
# Members are generated from fixtures/sample: each gets its own primary email address (so its
# own member id), export date and number of posts, by a fixed rule, so runs are comparable.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-/tmp/lidex-dataset-bench}
DUCKDB_PY=${DUCKDB_PY:-/tmp/venv/bin/python}
COUNTS=${COUNTS:-"10 100 1000"}
THREADS=${THREADS:-2}

# PROFILE=debug uses the debug build (no release build of polars needed; figures are then
# only good for comparing counts with each other, not for speed).
# BIN=path/to/lidex skips the build and uses that binary.
if [ -n "${BIN:-}" ]; then
  :
elif [ "${PROFILE:-release}" = debug ]; then
  cargo build --locked --quiet --features dataset
  BIN=target/debug/lidex
else
  cargo build --release --locked --quiet --features dataset
  BIN=target/release/lidex
fi
rm -rf "$WORK"
mkdir -p "$WORK"

python3 - "$WORK/members" 1000 <<'PY'
import os, sys, zipfile
out, n = sys.argv[1], int(sys.argv[2])
sample = "fixtures/sample"
files = []
for root, _, names in os.walk(sample):
    for name in sorted(names):
        path = os.path.join(root, name)
        files.append((os.path.relpath(path, sample).replace(os.sep, "/"), open(path, "rb").read()))
shares_head = b"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
for i in range(n):
    d = os.path.join(out, f"{i:04d}")
    os.makedirs(d, exist_ok=True)
    month, day, year = 1 + i % 12, 1 + i % 28, 2024 + i % 3
    name = f"Complete_LinkedInDataExport_{month:02d}-{day:02d}-{year}.zip"
    with zipfile.ZipFile(os.path.join(d, name), "w", zipfile.ZIP_DEFLATED) as z:
        for rel, data in files:
            if rel == "Email Addresses.csv":
                data = (b"Email Address,Confirmed,Primary,Updated On\n"
                        + f"member{i}@example.org,Yes,Yes,\"6/17/23, 6:18 AM\"".encode())
            elif rel == "Shares.csv":
                rows = "".join(
                    f"{2015 + (i + k) % 11}-{1 + k % 12:02d}-03 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{i}{k},\"post {k} of member {i} about things\",,,MEMBER_NETWORK\n"
                    for k in range(i % 40))
                data = shares_head + rows.encode()
            z.writestr(rel, data)
PY

find "$WORK/members" -name '*.zip' | sort > "$WORK/all"
printf '%s\n' "== lidex dataset ($THREADS threads)"
printf '%-8s %10s %14s %12s\n' members seconds ms/member "peak RSS"
for n in $COUNTS; do
  rm -rf "$WORK/ds-$n"
  # head on the sorted list, not in the pipe: under pipefail its early exit kills sort.
  head -n "$n" "$WORK/all" > "$WORK/list-$n"
  /usr/bin/time -f '%e %M' -o "$WORK/time-$n" \
    xargs -a "$WORK/list-$n" -d '\n' "$BIN" dataset --quiet --threads "$THREADS" \
      --as-of 2026-12-01 --out "$WORK/ds-$n"
  read -r secs kb < "$WORK/time-$n"
  awk -v n="$n" -v s="$secs" -v kb="$kb" \
    'BEGIN { printf "%-8d %10.2f %14.2f %9.1f MiB\n", n, s, 1000 * s / n, kb / 1024 }'
done

last=${COUNTS##* }
DS="$WORK/ds-$last"
printf '\n%s\n' "== lidex cohort vs DuckDB on the $last-member dataset (same files, same queries)"
/usr/bin/time -f '%e %M' -o "$WORK/time-cohort" "$BIN" cohort "$DS" --json "$WORK/cohort.json" > /dev/null
read -r csecs ckb < "$WORK/time-cohort"
printf 'lidex cohort: %.3f s, peak RSS %.1f MiB\n' "$csecs" "$(echo "$ckb / 1024" | bc -l)"
if "$DUCKDB_PY" -c 'import duckdb' 2> /dev/null; then
  /usr/bin/time -f '%e %M' -o "$WORK/time-duckdb" "$DUCKDB_PY" - "$DS" <<'PY'
import sys, duckdb
ds = sys.argv[1]
t = lambda name: f"read_parquet('{ds}/table={name}/**/*.parquet', hive_partitioning=true, union_by_name=true)"
con = duckdb.connect()
con.execute("SET threads TO 2")
members = con.execute(f"SELECT count(DISTINCT member_id), count(DISTINCT export_id), min(export_date), max(export_date), count(DISTINCT export_date), count(*) - count(export_date) FROM {t('exports')}").fetchone()
genai = con.execute(f"""
  SELECT category, region, count(*), median(used_tokens::DOUBLE), quantile_cont(used_tokens::DOUBLE, 0.9)
  FROM (SELECT member_id, category, region, max(used_files) f, max(used_records) r, max(used_tokens) used_tokens
        FROM {t('exposure')} WHERE purpose = 'genai_training' GROUP BY ALL)
  WHERE f > 0 OR r > 0 OR used_tokens > 0 GROUP BY ALL ORDER BY ALL""").fetchall()
posts = con.execute(f"""
  SELECT count(*), sum(r) FROM (
    SELECT member_id, sum(r) r FROM (
      SELECT member_id, kind, month, max(records) r FROM {t('timeline')}
      WHERE kind IN ('shares', 'articles', 'videos') AND month < DATE '2024-12-01' GROUP BY ALL)
    GROUP BY ALL HAVING sum(r) > 0)""").fetchone()
findings = con.execute(f"""
  SELECT type, count(*), sum(c) FROM (
    SELECT member_id, type, max(c) c FROM (
      SELECT member_id, export_id, type, sum(count) c FROM {t('findings')} GROUP BY ALL)
    GROUP BY ALL HAVING max(c) > 0)
  GROUP BY ALL ORDER BY ALL""").fetchall()
print(f"duckdb: {members[0]} members, {len(genai)} category x region rows, {posts[0]} members / {posts[1]} old posts, {len(findings)} finding types", file=sys.stderr)
PY
  read -r dsecs dkb < "$WORK/time-duckdb"
  printf 'DuckDB (python, same queries): %.3f s, peak RSS %.1f MiB\n' "$dsecs" "$(echo "$dkb / 1024" | bc -l)"
  awk -v a="$csecs" -v b="$dsecs" 'BEGIN { printf "ratio lidex cohort / DuckDB: %.2fx time\n", a / b }'
  python3 -c "import json; c = json.load(open('$WORK/cohort.json')); print(f\"lidex: {c['members']} members, {len(c['genai'])} category x region rows, {c['old_posts']['members']} members / {c['old_posts']['posts']} old posts, {len(c['findings'] or [])} finding types\")"
else
  echo "DuckDB not found at $DUCKDB_PY: comparison skipped"
fi
du -sh "$DS" | awk '{print "dataset size: " $1}'
