//! How data catalogues and tools find and read the statistics: the
//! schema.org `Dataset` that the statistics and methodology pages carry as
//! JSON-LD (what search engines and dataset search index), and the
//! Frictionless Data Package that describes `export.csv` column by column
//! (what `frictionless validate`, and the tools built on it, read).

use super::download::{metadata, CSV_COLUMNS};
use super::export::{Export, ExportRelease};
use super::Lang;
use serde_json::{json, Value};

/// What a page says about the dataset, in its language.
pub struct DatasetPage<'a> {
    pub lang: Lang,
    /// The page's URL, absolute.
    pub url: String,
    pub name: &'a str,
    pub description: &'a str,
    /// Said first while the figures are synthetic.
    pub sample_note: &'a str,
    pub site_name: &'a str,
    /// The site's origin and base path, without a trailing slash.
    pub site_url: &'a str,
}

/// A licence's canonical URL, for the licences exports are published under.
fn licence_url(licence: &str) -> Option<&'static str> {
    match licence {
        "CC BY 4.0" => Some("https://creativecommons.org/licenses/by/4.0/"),
        "CC0 1.0" => Some("https://creativecommons.org/publicdomain/zero/1.0/"),
        _ => None,
    }
}

/// The release's description, labelled as sample data while it is.
fn described(release: &ExportRelease, note: &str, description: &str) -> String {
    match release.sample {
        true => format!("{note}. {description}"),
        false => description.to_owned(),
    }
}

/// The first and last day the release covers, as an ISO 8601 interval.
fn coverage(release: &ExportRelease) -> String {
    format!("{}/{}", release.first_week.monday(), release.data_as_of)
}

/// The schema.org `Dataset` of `release` as described on `page`, as the
/// text of a `<script type="application/ld+json">`: `</` is written `<\/`,
/// so that no text in it can end the script element.
pub fn dataset_json_ld(release: &ExportRelease, page: &DatasetPage) -> String {
    let file = |name: &str| format!("{}/data/{name}", page.site_url);
    let dataset = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": page.name,
        "description": described(release, page.sample_note, page.description),
        "url": page.url,
        "inLanguage": page.lang.code(),
        "version": release.release_id,
        "dateModified": release.generated_at.to_rfc3339(),
        "temporalCoverage": coverage(release),
        "spatialCoverage": "Ukraine",
        "license": licence_url(&release.licence).unwrap_or(&release.licence),
        "isAccessibleForFree": true,
        "creator": { "@type": "Organization", "name": page.site_name, "url": format!("{}/", page.site_url) },
        "distribution": [
            { "@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": file("export.csv") },
            { "@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": file("export.json") },
        ],
    });
    dataset.to_string().replace("</", "<\\/")
}

/// One column of `export.csv` as a Table Schema field.
fn field(name: &str) -> Value {
    let text =
        |description: &str| json!({ "name": name, "type": "string", "description": description });
    let count = |description: String| json!({ "name": name, "type": "integer", "constraints": { "minimum": 0 }, "description": description });
    match name {
        "week" => json!({
            "name": name,
            "type": "string",
            "constraints": { "required": true, "pattern": "[0-9]{4}-W[0-9]{2}|_T" },
            "description": "ISO week (YYYY-Www, Monday to Sunday), or _T on a total over all weeks",
        }),
        "region" => text("ISO 3166-2:UA code, or _T on a total over all regions"),
        "region_name" => text("The region's English name; empty on a total"),
        "category" => text("Violation type code, or _T on a total over all types"),
        "category_label" => text("The type's English label; empty on a total"),
        _ => match name.strip_prefix("attributed_") {
            Some(outcome) => count(format!(
                "Concluded cases attributed to '{outcome}'; on total rows only, x where withheld"
            )),
            None => count(format!(
                "Violations {name}; x where withheld to protect people"
            )),
        },
    }
}

/// The Data Package that describes the export's `export.csv` beside it:
/// its `#` metadata lines (comments, before the header row), its columns
/// with their types, and `x` (withheld) read as missing, never as a number.
pub fn datapackage(export: &Export, site_url: &str) -> String {
    let release = &export.release;
    let columns = CSV_COLUMNS.split(',').map(str::to_owned).chain(
        export
            .outcomes
            .iter()
            .map(|o| format!("attributed_{}", o.code)),
    );
    let header_row = metadata(export, None).lines().count() + 1;
    let licence = match licence_url(&release.licence) {
        Some(path) => {
            json!({ "name": release.licence.replace(' ', "-"), "path": path, "title": release.licence })
        }
        None => json!({ "name": release.licence, "title": release.licence }),
    };
    let title = "Ceasefire verification statistics";
    let package = json!({
        "name": "ceasefire-verification-statistics",
        "title": title,
        "description": described(
            release,
            "Sample data: synthetic figures, not real events",
            "Violations reported, verified, referred and concluded, by ISO week, region of Ukraine and type, with small counts withheld",
        ),
        "homepage": format!("{site_url}/"),
        "version": release.release_id,
        "created": release.generated_at.to_rfc3339(),
        "temporalCoverage": coverage(release),
        "licenses": [licence],
        "resources": [{
            "name": "export",
            "title": title,
            "path": "export.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": { "headerRows": [header_row], "commentChar": "#" },
            "schema": {
                "fields": columns.map(|c| field(&c)).collect::<Vec<_>>(),
                "missingValues": ["", "x"],
            },
        }],
    });
    format!("{package:#}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::export::Export;

    fn shipped() -> Export {
        Export::parse(include_str!("../../public/data/export.json")).unwrap()
    }

    fn page(site_url: &str) -> DatasetPage<'_> {
        DatasetPage {
            lang: Lang::Fr,
            url: format!("{site_url}/fr/statistics/"),
            name: "Statistiques",
            description: "Les chiffres </script><script>alert(1)</script>",
            sample_note: "Données d’exemple",
            site_name: "Portail",
            site_url,
        }
    }

    #[test]
    fn the_dataset_names_the_release_its_weeks_licence_and_files() {
        let export = shipped();
        let text = dataset_json_ld(&export.release, &page("https://example.org/portal"));
        assert!(!text.contains("</"), "{text}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["@type"], "Dataset");
        assert_eq!(v["version"], export.release.release_id);
        assert_eq!(v["temporalCoverage"], "2026-01-12/2026-11-22");
        assert_eq!(v["license"], "https://creativecommons.org/licenses/by/4.0/");
        assert_eq!(v["inLanguage"], "fr");
        assert!(v["description"]
            .as_str()
            .unwrap()
            .starts_with("Données d’exemple. Les chiffres </script>"));
        assert_eq!(
            v["distribution"][0]["contentUrl"],
            "https://example.org/portal/data/export.csv"
        );
    }

    #[test]
    fn the_package_lists_the_columns_the_csv_has_in_its_order() {
        let export = shipped();
        let package: Value =
            serde_json::from_str(&datapackage(&export, "https://example.org")).unwrap();
        let names: Vec<&str> = package["resources"][0]["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        let csv = crate::model::download::export_csv(&export);
        let row = package["resources"][0]["dialect"]["headerRows"][0]
            .as_u64()
            .unwrap();
        let header = csv.lines().nth(row as usize - 1).unwrap();
        assert_eq!(names.join(","), header);
        assert_eq!(package["version"], export.release.release_id);
        assert!(package["description"]
            .as_str()
            .unwrap()
            .starts_with("Sample data"));
    }
}
