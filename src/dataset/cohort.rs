//! `lidex cohort`: polars lazy queries over a whole dataset, run on polars' streaming
//! engine, so the tables are read in batches and never held whole.
//!
//! Where a member has several exports, each per-member figure takes the largest of them
//! (not the sum), so giving one member's two exports never doubles their data.

use super::{DatasetError, POST_KINDS, polars_err};
use crate::report::dataset::{
    COHORT_SCHEMA_VERSION, Cohort, ExportDates, FindingRow, GenaiRow, OldPosts,
};
use jiff::civil::Date;
use polars::prelude::*;
use std::path::Path;

/// Lazily scans one table of the dataset; `None` when the dataset has no such table.
/// Hive partitioning is off: every file carries `member_id` itself, and the folder names
/// add nothing to it.
pub fn scan(dir: &Path, table: &str) -> Result<Option<LazyFrame>, DatasetError> {
    let folder = dir.join(format!("table={table}"));
    if !folder.is_dir() {
        return Ok(None);
    }
    let glob = format!("{}/*/*.parquet", folder.display());
    let args = ScanArgsParquet {
        hive_options: HiveOptions::new_disabled(),
        allow_missing_columns: true,
        ..Default::default()
    };
    LazyFrame::scan_parquet(PlRefPath::new(glob), args)
        .map(Some)
        .map_err(polars_err(table))
}

fn run(lf: LazyFrame, what: &str) -> Result<DataFrame, DatasetError> {
    // One lazy frame gives one result: only `collect_all` plans give several (the enum is
    // not re-exported by polars, so it cannot be matched here).
    lf.collect_with_engine(Engine::Streaming)
        .map(|result| result.unwrap_single())
        .map_err(polars_err(what))
}

fn u64_at(df: &DataFrame, name: &str, row: usize) -> Result<u64, DatasetError> {
    let col = df
        .column(name)
        .and_then(|c| c.cast(&DataType::UInt64))
        .map_err(polars_err(name))?;
    let v = col.u64().map_err(polars_err(name))?.get(row);
    Ok(v.unwrap_or(0))
}

fn f64_at(df: &DataFrame, name: &str, row: usize) -> Result<f64, DatasetError> {
    let col = df
        .column(name)
        .and_then(|c| c.cast(&DataType::Float64))
        .map_err(polars_err(name))?;
    let v = col.f64().map_err(polars_err(name))?.get(row);
    Ok(v.unwrap_or(0.0))
}

fn str_at(df: &DataFrame, name: &str, row: usize) -> Result<Option<String>, DatasetError> {
    let col = df
        .column(name)
        .and_then(|c| c.cast(&DataType::String))
        .map_err(polars_err(name))?;
    let v = col.str().map_err(polars_err(name))?.get(row);
    Ok(v.map(str::to_string))
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The first of the month two years before `as_of`: posts from earlier months are more than
/// two years old.
pub fn two_years_before(as_of: Date) -> Date {
    let year = as_of.year().saturating_sub(2);
    Date::new(year, as_of.month(), 1).unwrap_or(as_of)
}

fn date_lit(d: Date) -> Expr {
    lit(super::epoch_days(d)).cast(DataType::Date)
}

/// Runs the cohort queries over the dataset in `dir`. `as_of` overrides the date in
/// `_meta.json` (needed when the dataset has none).
pub fn cohort(dir: &Path, as_of: Option<Date>) -> Result<Cohort, DatasetError> {
    let meta_as_of = super::read_meta(dir)?
        .and_then(|m| m.get("as_of").and_then(|v| v.as_str()).map(str::to_string))
        .and_then(|s| s.parse::<Date>().ok());
    let as_of = as_of.or(meta_as_of).ok_or_else(|| DatasetError::Invalid {
        path: dir.join("_meta.json"),
        detail: "no as-of date (the file is missing or has none); give --as-of".to_string(),
    })?;
    let not_a_dataset = || DatasetError::Invalid {
        path: dir.join("table=exports"),
        detail: "missing: not a lidex dataset".to_string(),
    };
    let exports = scan(dir, "exports")?.ok_or_else(not_a_dataset)?;
    let totals = run(
        exports.select([
            col("member_id").n_unique().alias("members"),
            col("export_id").n_unique().alias("exports"),
            col("export_date").min().alias("first"),
            col("export_date").max().alias("last"),
            col("export_date").drop_nulls().n_unique().alias("distinct"),
            col("export_date").null_count().alias("undated"),
        ]),
        "counting members",
    )?;
    let members = u64_at(&totals, "members", 0)?;
    Ok(Cohort {
        schema_version: COHORT_SCHEMA_VERSION,
        members,
        exports: u64_at(&totals, "exports", 0)?,
        as_of: Some(as_of.to_string()),
        export_dates: ExportDates {
            first: str_at(&totals, "first", 0)?,
            last: str_at(&totals, "last", 0)?,
            distinct: u64_at(&totals, "distinct", 0)?,
            undated: u64_at(&totals, "undated", 0)?,
        },
        genai: genai(dir, members)?,
        old_posts: old_posts(dir, members, two_years_before(as_of))?,
        findings: findings(dir, members)?,
    })
}

/// Per category and region, the members whose data the policy lists for GenAI training,
/// and the median and p90 of their used tokens.
fn genai(dir: &Path, members: u64) -> Result<Vec<GenaiRow>, DatasetError> {
    let Some(exposure) = scan(dir, "exposure")? else {
        return Ok(Vec::new());
    };
    let used = col("used_files")
        .gt(lit(0u64))
        .or(col("used_records").gt(lit(0u64)))
        .or(col("used_tokens").gt(lit(0u64)));
    let df = run(
        exposure
            .filter(col("purpose").eq(lit("genai_training")))
            .group_by([col("member_id"), col("category"), col("region")])
            .agg([
                col("used_files").max(),
                col("used_records").max(),
                col("used_tokens").max(),
            ])
            .filter(used)
            .group_by([col("category"), col("region")])
            .agg([
                len().alias("members"),
                col("used_tokens")
                    .cast(DataType::Float64)
                    .median()
                    .alias("median"),
                col("used_tokens")
                    .cast(DataType::Float64)
                    .quantile(lit(0.9), QuantileMethod::Linear)
                    .alias("p90"),
            ])
            .sort(["category", "region"], Default::default()),
        "GenAI exposure per category and region",
    )?;
    let mut rows = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let n = u64_at(&df, "members", i)?;
        rows.push(GenaiRow {
            category: str_at(&df, "category", i)?.unwrap_or_default(),
            region: str_at(&df, "region", i)?.unwrap_or_default(),
            members: n,
            share: share(n, members),
            median_tokens: f64_at(&df, "median", i)?,
            p90_tokens: f64_at(&df, "p90", i)?,
        });
    }
    Ok(rows)
}

/// Members with posts from before `before`, and how many such posts.
fn old_posts(dir: &Path, members: u64, before: Date) -> Result<OldPosts, DatasetError> {
    let Some(timeline) = scan(dir, "timeline")? else {
        return Ok(OldPosts {
            before: before.to_string(),
            members: 0,
            share: 0.0,
            posts: 0,
        });
    };
    let is_post = POST_KINDS
        .iter()
        .map(|k| col("kind").eq(lit(*k)))
        .reduce(|a, b| a.or(b))
        .unwrap_or_else(|| lit(false));
    let df = run(
        timeline
            .filter(is_post.and(col("month").lt(date_lit(before))))
            .group_by([col("member_id"), col("kind"), col("month")])
            .agg([col("records").max()])
            .group_by([col("member_id")])
            .agg([col("records").sum()])
            .filter(col("records").gt(lit(0u64)))
            .select([len().alias("members"), col("records").sum().alias("posts")]),
        "old posts",
    )?;
    let n = u64_at(&df, "members", 0)?;
    Ok(OldPosts {
        before: before.to_string(),
        members: n,
        share: share(n, members),
        posts: u64_at(&df, "posts", 0)?,
    })
}

/// The prevalence of each sensitive-finding type; `None` for a dataset without a
/// `findings` table (schema 1).
fn findings(dir: &Path, members: u64) -> Result<Option<Vec<FindingRow>>, DatasetError> {
    let Some(findings) = scan(dir, "findings")? else {
        return Ok(None);
    };
    // Per member, the export with the most findings of a type counts.
    let df = run(
        findings
            .group_by([col("member_id"), col("export_id"), col("type")])
            .agg([col("count").sum()])
            .group_by([col("member_id"), col("type")])
            .agg([col("count").max()])
            .filter(col("count").gt(lit(0u64)))
            .group_by([col("type")])
            .agg([len().alias("members"), col("count").sum()])
            .sort(["type"], Default::default()),
        "findings per type",
    )?;
    let mut rows = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let n = u64_at(&df, "members", i)?;
        rows.push(FindingRow {
            kind: str_at(&df, "type", i)?.unwrap_or_default(),
            members: n,
            share: share(n, members),
            count: u64_at(&df, "count", i)?,
        });
    }
    Ok(Some(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_years_back_starts_a_month() {
        assert_eq!(
            two_years_before(jiff::civil::date(2026, 12, 2)),
            jiff::civil::date(2024, 12, 1)
        );
    }
}
