"""The exporter's aggregation, written for DuckDB, as the baseline of
`make bench`: the same CSV, the same period, the same region spelling table
matched the same way (names cut into words, apostrophes dropped but for the
French elision, compared with the words run together: whole, then without
the country, then the unambiguous core without region words; see
src/exporter/regions.rs), funnel counts per ISO week, region and category.

Prints one line the bench compares with the exporter's summary:
  counted before protection: reported N, verified N, referred N, concluded N
and the rows whose region is not recognised, and the time taken.

Usage: python scripts/duckdb_aggregate.py INCIDENTS.csv SPELLINGS.json FIRST_WEEK LAST_WEEK DATA_AS_OF
"""

import json
import sys
import time

import duckdb

COUNTRY_WORDS = ["ukraine", "ukraina", "ukrajina", "ukrayina", "україна", "украина"]
REGION_WORDS = ["oblast", "obl", "region", "reg", "gebiet", "область", "обл",
                "области", "oblasti", "de", "d", "l", "the"]
APOSTROPHES = "'’ʼ‘`´ʹʺʻ′＇"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


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
    # words(s): lower case, no diacritics, apostrophes as ', then the French
    # elision ("d'Odessa") cut, the other apostrophes dropped, and the rest
    # cut at every character that is not a letter or a digit.
    apostrophes = "[" + APOSTROPHES.replace("'", "''") + "]"
    db.execute(f"""
        CREATE MACRO plain(s) AS strip_accents(lower(
            regexp_replace(regexp_replace(s, '[{INVISIBLE}]', '', 'g'), '{apostrophes}', '''', 'g')));
        CREATE MACRO words(s) AS list_filter(string_split(regexp_replace(regexp_replace(
            regexp_replace(plain(s), '(^|[^\\pL\\pN])([dl])''([aeiouyh])', '\\1\\2 \\3', 'g'),
            '''', '', 'g'), '[^\\pL\\pN]+', ' ', 'g'), ' '), lambda w: w <> '');
        CREATE MACRO key(ws, skip) AS
            array_to_string(list_filter(ws, lambda w: NOT list_contains(skip, w)), '');
    """)
    # The words to skip, folded as names are.
    country, region = db.execute(
        "SELECT flatten(list_transform(?, lambda w: words(w))), flatten(list_transform(?, lambda w: words(w)))",
        [COUNTRY_WORDS, COUNTRY_WORDS + REGION_WORDS]).fetchone()
    db.execute("CREATE TABLE spelling (code VARCHAR, name VARCHAR)")
    db.executemany("INSERT INTO spelling VALUES (?, ?)",
                   [(code, name) for code, names in table.items() for name in names])
    counts = db.execute(f"""
        WITH whole AS (
            SELECT DISTINCT key(words(name), []::VARCHAR[]) AS key, code FROM spelling
        ), core AS (
            SELECT key(words(name), $region) AS key, min(code) AS code
            FROM spelling GROUP BY 1 HAVING count(DISTINCT code) = 1
        ), incidents AS (
            SELECT * FROM read_csv($csv, header = true, all_varchar = true)
        ), spellings AS (
            SELECT region, words(region) AS w FROM (SELECT DISTINCT region FROM incidents)
        ), mapped AS (
            SELECT s.region, coalesce(w1.code, w2.code, c.code) AS code
            FROM spellings s
            LEFT JOIN whole w1 ON w1.key = key(s.w, []::VARCHAR[])
            LEFT JOIN whole w2 ON w2.key = key(s.w, $country)
            LEFT JOIN core c ON c.key = key(s.w, $region)
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
        "country": country, "region": region,
    }).fetchone()
    elapsed = time.perf_counter() - started
    reported, verified, referred, concluded, unmapped, cells = counts
    print(f"duckdb {duckdb.__version__}: aggregated in {elapsed:.2f} s, {cells} non-empty cells")
    print(f"  region not recognised: {unmapped} rows dropped")
    print(f"  counted before protection: reported {reported}, verified {verified}, "
          f"referred {referred}, concluded {concluded}")


if __name__ == "__main__":
    main()
