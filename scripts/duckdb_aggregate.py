"""The exporter's aggregation, written for DuckDB, as the baseline of
`make bench`: the same CSV, the same period, the same region spelling table
matched the same way (whole, then without the country, then the unambiguous
core without region words), funnel counts per ISO week, region and category.

Prints one line the bench compares with the exporter's summary:
  counted before protection: reported N, verified N, referred N, concluded N
and the rows whose region is not recognised, and the time taken.

Usage: python scripts/duckdb_aggregate.py INCIDENTS.csv SPELLINGS.json FIRST_WEEK LAST_WEEK DATA_AS_OF
"""

import json
import sys
import time

import duckdb

COUNTRY_WORDS = ["ukraine", "ukraina", "україна"]
REGION_WORDS = ["oblast", "oblastʹ", "obl", "region", "reg", "область", "обл",
                "области", "oblasti", "de", "d", "l", "the"]


def week_bounds(week):
    year, number = week.split("-W")
    return int(year) * 100 + int(number)


def main():
    csv_path, spellings_path, first, last, as_of = sys.argv[1:6]
    with open(spellings_path, encoding="utf-8") as f:
        table = json.load(f)
    started = time.perf_counter()
    db = duckdb.connect()
    db.execute("SET threads = 2")
    db.execute("""
        CREATE MACRO fold(s) AS
            trim(regexp_replace(lower(strip_accents(s)), '[^\\pL\\pN]+', ' ', 'g'));
        CREATE MACRO drop_words(s, words) AS
            array_to_string(list_filter(string_split(s, ' '), lambda w: NOT list_contains(words, w)), ' ');
    """)
    db.execute("CREATE TABLE spelling (code VARCHAR, name VARCHAR)")
    db.executemany("INSERT INTO spelling VALUES (?, ?)",
                   [(code, name) for code, names in table.items() for name in names])
    counts = db.execute(f"""
        WITH whole AS (
            SELECT DISTINCT fold(name) AS key, code FROM spelling
        ), core AS (
            SELECT drop_words(drop_words(fold(name), $country), $region) AS key,
                   min(code) AS code
            FROM spelling GROUP BY key HAVING count(DISTINCT code) = 1
        ), incidents AS (
            SELECT * FROM read_csv($csv, header = true, all_varchar = true)
        ), spellings AS (
            SELECT region, fold(region) AS f FROM (SELECT DISTINCT region FROM incidents)
        ), mapped AS (
            SELECT s.region, coalesce(w1.code, w2.code, c.code) AS code
            FROM spellings s
            LEFT JOIN whole w1 ON w1.key = s.f
            LEFT JOIN whole w2 ON w2.key = drop_words(s.f, $country)
            LEFT JOIN core c ON c.key = drop_words(drop_words(s.f, $country), $region)
        ), dated AS (
            SELECT CAST(left(trim(reported_at), 10) AS DATE) AS day, region, category, trim(status) AS status
            FROM incidents
        ), binned AS (
            SELECT isoyear(day) * 100 + week(day) AS week, m.code AS region, category, status
            FROM dated JOIN mapped m USING (region)
            WHERE day <= CAST($as_of AS DATE)
              AND isoyear(day) * 100 + week(day) BETWEEN $first AND $last
        ), cells AS (
            SELECT week, region, category,
                   count(*) AS rows,
                   count(*) FILTER (WHERE status IN ('verified', 'referred', 'concluded')) AS verified,
                   count(*) FILTER (WHERE status IN ('referred', 'concluded')) AS referred,
                   count(*) FILTER (WHERE status = 'concluded') AS concluded
            FROM binned GROUP BY ALL
        )
        SELECT
            sum(rows) FILTER (WHERE region IS NOT NULL),
            sum(verified) FILTER (WHERE region IS NOT NULL),
            sum(referred) FILTER (WHERE region IS NOT NULL),
            sum(concluded) FILTER (WHERE region IS NOT NULL),
            coalesce(sum(rows) FILTER (WHERE region IS NULL), 0),
            count(*) FILTER (WHERE region IS NOT NULL)
        FROM cells
    """, {
        "csv": csv_path, "as_of": as_of,
        "first": week_bounds(first), "last": week_bounds(last),
        "country": COUNTRY_WORDS, "region": REGION_WORDS,
    }).fetchone()
    elapsed = time.perf_counter() - started
    reported, verified, referred, concluded, unmapped, cells = counts
    print(f"duckdb {duckdb.__version__}: aggregated in {elapsed:.2f} s, {cells} non-empty cells")
    print(f"  region not recognised: {unmapped} rows dropped")
    print(f"  counted before protection: reported {reported}, verified {verified}, "
          f"referred {referred}, concluded {concluded}")


if __name__ == "__main__":
    main()
