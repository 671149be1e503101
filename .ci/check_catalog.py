#!/usr/bin/env python3
"""Checks src/catalog.toml against the export-format ground truth.

Usage: python3 .ci/check_catalog.py [CATALOG] [HEADERS_JSON]

Defaults: src/catalog.toml next to this script's parent, and
/work/shared/reference/linkedin-export-headers.json (override with $LIDEX_HEADERS_JSON).

Standard library only (tomllib needs Python 3.11+). Exit status 1 when any error is found.
What it checks:
  * only the keys of the schema are used (the Rust loader uses deny_unknown_fields), with the right types;
  * ids are unique snake_case; folded file-name keys are unique across entries;
  * every path of the headers JSON maps to exactly one entry (numbered / split parts fold away,
    Articles/**.html maps to the article_html entry);
  * every column of every header variant is covered by a column name or alias (case-insensitive);
  * role/category/presence/parser values are in their vocabularies; item ids are in the item
    vocabulary (plus ids declared in a `# added item ids:` comment) and their prefix equals the
    effective category;
  * every date column has `dates`, and every date format the JSON gives for a column is listed;
  * a `reason` is present for the files whose category the references leave open.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATALOG = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "src" / "catalog.toml"
HEADERS = Path(
    sys.argv[2]
    if len(sys.argv) > 2
    else os.environ.get("LIDEX_HEADERS_JSON", "/work/shared/reference/linkedin-export-headers.json")
)

TOP_KEYS = {"schema_version", "file"}
FILE_KEYS = {
    "id", "names", "folder", "category", "item", "presence", "label", "description", "reason",
    "parser", "overflow", "placeholder_values", "columns",
}
FILE_REQUIRED = {"id", "names", "category", "presence", "label", "description"}
COLUMN_KEYS = {"name", "aliases", "role", "category", "item", "dates", "clean", "null_values"}
COLUMN_REQUIRED = {"name", "role"}

CATEGORIES = {
    "profile", "job_seeking", "posted_content", "feedback", "contacts", "genai_conversations",
    "messages", "groups", "interests", "activity", "inferences_ads", "learning", "account", "other",
}
ROLES = {"name", "text", "date", "url", "email", "phone", "identifier", "location", "number", "enum", "other"}
PRESENCE = {"always", "complete", "if_any", "legacy"}
PARSERS = {"csv", "comments", "placeholder", "article_html"}
OVERFLOW = {"join_last"}
CLEAN = {"unwrap_line_quotes"}
DATE_IDS = set("ABCDEFGHIJKLMNOPQRS")

ITEMS = {
    "profile.name", "profile.photo", "profile.headline", "profile.summary", "profile.location",
    "profile.positions", "profile.education", "profile.skills", "profile.certifications",
    "profile.volunteering", "profile.publications", "profile.patents", "profile.recommendations",
    "profile.endorsements", "profile.other_sections", "profile.contact_details",
    "job_seeking.saved_screening_answers", "job_seeking.resumes", "job_seeking.applications",
    "job_seeking.preferences", "job_seeking.job_postings",
    "posted_content.posts", "posted_content.articles", "posted_content.comments",
    "posted_content.poll_responses", "posted_content.media",
    "contacts.connections", "contacts.imported", "contacts.invitations",
    "messages.private",
    "genai_conversations.chats",
    "groups.activity",
    "interests.follows",
    "activity.reactions", "activity.search", "activity.events", "activity.reviews",
    "inferences_ads.inferences", "inferences_ads.ad_targeting", "inferences_ads.ads_engagement",
    "learning.activity",
    "account.contact_details", "account.registration", "account.security", "account.payments",
    "account.verification", "account.services",
}

# Files whose category or item the references leave open: the entry must say why it chose.
# Keyed by folded file name (see fold()).
NEEDS_REASON = {
    "privateidentityassetcsv", "richmediacsv", "reviewscsv", "calendarcsv", "providerscsv",
    "eventscsv", "votescsv", "searchqueriescsv", "memberhashtagscsv", "instantrepostscsv",
    "onlinejobpostingscsv", "saveditemscsv", "guidemessagescsv", "coachmessagescsv",
    "learningcoachmessagescsv", "learningroleplaymessagescsv", "videoscsv", "accountstatushistorycsv",
    "receiptscsv", "contactscsv", "importedcontactscsv",
}

SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
SUFFIX = re.compile(r"_(?:\d+|<number>)(?=\.[^.]*$|$)")

errors: list[str] = []
warnings: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def fold(name: str) -> str:
    """Folded matching key: lowercase, drop a trailing `_<digits>` before the extension, keep [a-z0-9]."""
    base = name.rsplit("/", 1)[-1]
    base = SUFFIX.sub("", base)
    return re.sub(r"[^a-z0-9]", "", base.lower())


def type_check(where: str, obj: dict, key: str, kind: type, elem: type | None = None) -> None:
    if key not in obj:
        return
    val = obj[key]
    if not isinstance(val, kind):
        err(f"{where}: `{key}` must be {kind.__name__}, got {type(val).__name__}")
        return
    if elem is not None:
        for x in val:
            if not isinstance(x, elem):
                err(f"{where}: `{key}` elements must be {elem.__name__}, got {x!r}")


def added_items(text: str) -> set[str]:
    """Item ids declared as additions in a `# added item ids: a.b, c.d` comment (or `none`)."""
    out: set[str] = set()
    for line in text.splitlines():
        m = re.match(r"^#\s*added item ids:\s*(.*)$", line.strip(), re.I)
        if m:
            for part in re.split(r"[,\s]+", m.group(1)):
                part = part.strip().rstrip(".")
                if part and part.lower() not in {"none", "(none)"}:
                    out.add(part)
    return out


def parse_json_dates(entries: list[str], legend: dict[str, str]) -> list[tuple[str, str]]:
    """JSON date_formats strings look like 'Column: <legend text>'; map them to (column, id)."""
    out = []
    for s in entries or []:
        hits = [i for i, text in legend.items() if s.endswith(": " + text)]
        if len(hits) != 1:
            err(f"headers JSON: cannot map date format string {s!r} to one legend id (got {hits})")
            continue
        fid = hits[0]
        out.append((s[: -len(": " + legend[fid])], fid))
    return out


def main() -> int:
    text = CATALOG.read_text(encoding="utf-8")
    cat = tomllib.loads(text)
    hdr = json.loads(HEADERS.read_text(encoding="utf-8"))
    legend = hdr["_meta"]["date_format_legend"]
    items = ITEMS | added_items(text)
    extra_items = added_items(text)
    for it in extra_items:
        if it in ITEMS:
            warnings.append(f"declared added item {it!r} is already in the base vocabulary")

    # ---- top level ---------------------------------------------------------------------------
    for k in cat:
        if k not in TOP_KEYS:
            err(f"top level: unknown key `{k}`")
    if cat.get("schema_version") != 1:
        err("top level: schema_version must be 1")
    files = cat.get("file", [])
    if not isinstance(files, list) or not files:
        err("top level: no [[file]] entries")
        files = []

    ids: dict[str, int] = {}
    keys: dict[str, str] = {}  # folded name -> id
    article_entries: list[str] = []
    n_columns = 0

    for idx, f in enumerate(files):
        fid = f.get("id", f"#{idx}")
        where = f"file {fid}"
        for k in f:
            if k not in FILE_KEYS:
                err(f"{where}: unknown key `{k}`")
        for k in FILE_REQUIRED:
            if k not in f:
                err(f"{where}: missing required key `{k}`")
        for k in ("id", "folder", "category", "item", "presence", "label", "description", "reason",
                  "parser", "overflow"):
            type_check(where, f, k, str)
        type_check(where, f, "names", list, str)
        type_check(where, f, "placeholder_values", list, str)
        type_check(where, f, "columns", list, dict)

        if not SNAKE.match(str(fid)):
            err(f"{where}: id is not snake_case")
        if fid in ids:
            err(f"{where}: duplicate id")
        ids[fid] = idx

        category = f.get("category")
        if category not in CATEGORIES:
            err(f"{where}: category {category!r} not in vocabulary")
        if f.get("presence") not in PRESENCE:
            err(f"{where}: presence {f.get('presence')!r} not in vocabulary")
        parser = f.get("parser", "csv")
        if parser not in PARSERS:
            err(f"{where}: parser {parser!r} not in vocabulary")
        if "overflow" in f:
            if f["overflow"] not in OVERFLOW:
                err(f"{where}: overflow {f['overflow']!r} not in vocabulary")
            if fid != "search_queries":
                err(f"{where}: overflow is only for SearchQueries")
        if "item" in f:
            it = f["item"]
            if it not in items:
                err(f"{where}: item {it!r} not in item vocabulary")
            elif it.split(".", 1)[0] != category:
                err(f"{where}: item {it!r} prefix differs from category {category!r}")
        for k in ("label", "description", "reason"):
            if k in f and not str(f[k]).strip():
                err(f"{where}: `{k}` is empty")

        names = f.get("names", [])
        if parser == "article_html":
            article_entries.append(fid)
            if names:
                err(f"{where}: the article_html entry must have names = []")
        elif not names:
            err(f"{where}: names is empty")
        own_keys: set[str] = set()
        for n in names:
            if "/" in n:
                err(f"{where}: name {n!r} must be a base name without folder")
            if re.search(r"_\d+\.[^.]*$", n):
                err(f"{where}: name {n!r} carries a numeric suffix; it folds away, list the plain name")
            k = fold(n)
            own_keys.add(k)
            if k in keys and keys[k] != fid:
                err(f"{where}: name {n!r} folds to {k!r}, already used by entry {keys[k]}")
            keys.setdefault(k, fid)
        if own_keys & NEEDS_REASON and not str(f.get("reason", "")).strip():
            err(f"{where}: a `reason` is required for this file (category left open by the references)")

        # ---- columns -------------------------------------------------------------------------
        seen_col: dict[str, tuple[int, object]] = {}
        for cidx, c in enumerate(f.get("columns", [])):
            n_columns += 1
            cname = c.get("name", None)
            cw = f"{where} column {cname!r}" if cname is not None else f"{where} column #{cidx}"
            for k in c:
                if k not in COLUMN_KEYS:
                    err(f"{cw}: unknown key `{k}`")
            for k in COLUMN_REQUIRED:
                if k not in c:
                    err(f"{cw}: missing required key `{k}`")
            for k in ("name", "role", "category", "item", "clean"):
                type_check(cw, c, k, str)
            for k in ("aliases", "dates", "null_values"):
                type_check(cw, c, k, list, str)
            role = c.get("role")
            if role not in ROLES:
                err(f"{cw}: role {role!r} not in vocabulary")
            eff = c.get("category", category)
            if "category" in c:
                if c["category"] not in CATEGORIES:
                    err(f"{cw}: category {c['category']!r} not in vocabulary")
                if c["category"] == category:
                    warnings.append(f"{cw}: category override equals the file category (redundant)")
            if "item" in c:
                it = c["item"]
                if it not in items:
                    err(f"{cw}: item {it!r} not in item vocabulary")
                elif it.split(".", 1)[0] != eff:
                    err(f"{cw}: item {it!r} prefix differs from effective category {eff!r}")
            dates = c.get("dates")
            if role == "date" and not dates:
                err(f"{cw}: role = date needs a non-empty `dates`")
            for d in dates or []:
                if d not in DATE_IDS:
                    err(f"{cw}: date format id {d!r} unknown (A..S)")
            if dates and len(set(dates)) != len(dates):
                err(f"{cw}: duplicate ids in dates")
            if "clean" in c:
                if c["clean"] not in CLEAN:
                    err(f"{cw}: clean {c['clean']!r} not in vocabulary")
                if fid != "shares" or str(cname).lower() != "sharecommentary":
                    err(f"{cw}: clean = unwrap_line_quotes is only for Shares ShareCommentary")
            for spelling in [cname, *c.get("aliases", [])]:
                if spelling is None:
                    continue
                # A case-only alias of the column's own name is allowed (the brief asks for it:
                # "SharedURL" for "SharedUrl"); a clash with ANOTHER column is an error.
                low = spelling.lower()
                if low in seen_col and seen_col[low] != (cidx, cname):
                    err(f"{cw}: spelling {spelling!r} collides (case-insensitively) with column {seen_col[low][1]!r}")
                seen_col[low] = (cidx, cname)

    if len(article_entries) != 1:
        err(f"expected exactly one article_html entry, found {article_entries}")

    by_id = {f.get("id"): f for f in files}
    if article_entries:
        a = by_id[article_entries[0]]
        if a.get("category") != "posted_content" or a.get("item") != "posted_content.articles":
            err("articles entry: category/item must be posted_content / posted_content.articles")
        if a.get("presence") != "if_any":
            err("articles entry: presence must be if_any")
        want = {"title", "body", "created", "published", "link"}
        got = {c.get("name") for c in a.get("columns", [])}
        if want - got:
            err(f"articles entry: missing columns {sorted(want - got)}")

    # ---- coverage of the headers JSON ---------------------------------------------------------
    def column_index(f: dict) -> dict[str, dict]:
        out = {}
        for c in f.get("columns", []):
            for s in [c.get("name", ""), *c.get("aliases", [])]:
                out[s.lower()] = c
        return out

    paths_ok = 0
    header_cols = 0
    for path, spec in hdr.items():
        if path.startswith("_"):
            continue
        base = path.rsplit("/", 1)[-1]
        if base.lower().endswith(".html") and "articles/" in path.lower():
            hits = article_entries
        else:
            k = fold(path)
            hits = [f.get("id") for f in files if any(fold(n) == k for n in f.get("names", []))]
        if len(hits) != 1:
            err(f"path {path!r}: maps to {len(hits)} entries {hits} (want exactly 1)")
            continue
        f = by_id[hits[0]]
        idx = column_index(f)
        headers = [spec.get("header") or []] + [v.get("header") or [] for v in spec.get("variants", [])]
        missing = set()
        for h in headers:
            for col in h:
                header_cols += 1
                if col.lower() not in idx:
                    missing.add(col)
        for col in sorted(missing):
            err(f"path {path!r}: header column {col!r} not covered by entry {hits[0]}")
        date_specs = parse_json_dates(spec.get("date_formats"), legend)
        for v in spec.get("variants", []):
            date_specs += parse_json_dates(v.get("date_formats"), legend)
        for col, fmt in sorted(set(date_specs)):
            c = idx.get(col.lower())
            if c is None:
                if not (base.lower().endswith(".html")):
                    err(f"path {path!r}: dated column {col!r} not in entry {hits[0]}")
                continue
            if fmt not in (c.get("dates") or []):
                err(f"path {path!r}: column {col!r} has format {fmt} in the JSON but dates = {c.get('dates')}")
        if not missing:
            paths_ok += 1

    # ---- report -------------------------------------------------------------------------------
    for w in warnings:
        print(f"warning: {w}")
    for e in errors:
        print(f"error: {e}")
    n_paths = sum(1 for p in hdr if not p.startswith("_"))
    cats: dict[str, int] = {}
    pres: dict[str, int] = {}
    for f in files:
        cats[f.get("category")] = cats.get(f.get("category"), 0) + 1
        pres[f.get("presence")] = pres.get(f.get("presence"), 0) + 1
    print(
        f"catalog: {len(files)} entries, {n_columns} columns, {len(keys)} folded names; "
        f"headers JSON: {paths_ok}/{n_paths} paths fully covered ({header_cols} header cells checked)"
    )
    print("by category: " + ", ".join(f"{k}={v}" for k, v in sorted(cats.items(), key=lambda x: str(x[0]))))
    print("by presence: " + ", ".join(f"{k}={v}" for k, v in sorted(pres.items(), key=lambda x: str(x[0]))))
    if extra_items:
        print("added item ids: " + ", ".join(sorted(extra_items)))
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
