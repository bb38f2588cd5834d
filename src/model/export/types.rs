//! The export's types, as the exporter writes them and the portal reads
//! them, and the layout of its count arrays.

use crate::model::age::AgeBand;
use crate::model::count::Count;
use crate::model::release::{Release, RELEASE_SCHEMA_VERSION};
use crate::model::sorted_map::SortedMap;
use crate::model::text::Translations;
use crate::model::week::IsoWeek;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The export format version this build reads and writes.
pub const EXPORT_SCHEMA_VERSION: u32 = 1;

/// Largest export accepted, in bytes (five years of weekly data is about 1 MB).
pub const MAX_EXPORT_BYTES: usize = 16 * 1024 * 1024;

/// Longest period an export may cover: ten years of weeks.
pub const MAX_WEEKS: u32 = 530;

/// Most categories an export may have: a view's work grows with their
/// square (sorting, the table), and no monitoring mission uses more than a
/// few dozen types of violation.
pub const MAX_CATEGORIES: usize = 100;

/// Most attribution outcomes an export may have.
pub const MAX_OUTCOMES: usize = 20;

/// The code of the attribution outcome "responsibility could not be determined".
pub const UNDETERMINED: &str = "undetermined";

/// The JSON Schema of the export format, as published at
/// `public/data/schema/v1.json` for data producers.
#[cfg(feature = "ssr")]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Export);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// The whole export.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub schema_version: u32,
    pub release: ExportRelease,
    /// ISO 3166-2:UA units, in the order the cell arrays use.
    pub regions: Vec<Region>,
    /// Categories of violation, in the order the cell arrays use.
    pub categories: Vec<Category>,
    /// Attribution outcomes of concluded cases: parties, and `undetermined`.
    pub outcomes: Vec<Outcome>,
    /// Week × region × category counts of each measure.
    pub cells: Measures,
    pub margins: Margins,
    /// Open Special Commission cases by age band. Optional: v1 exports
    /// written before it was added lack it, and still parse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_by_age: Option<OpenByAge>,
}

/// Release metadata of an export.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRelease {
    pub release_id: String,
    pub generated_at: DateTime<Utc>,
    pub data_as_of: NaiveDate,
    /// First and last ISO week covered, both included.
    pub first_week: IsoWeek,
    pub last_week: IsoWeek,
    pub methodology_version: String,
    /// Counts from 1 to k − 1 are suppressed.
    pub k: u32,
    pub sample: bool,
    /// The licence the data is published under, as its users should cite it
    /// (for example "CC BY 4.0").
    pub licence: String,
    /// SHA-256, lowercase hex, of the canonical content (see [`Export::fingerprint`]).
    pub sha256: String,
}

impl From<&ExportRelease> for Release {
    /// The release manifest (`release.json`) that describes this export.
    fn from(r: &ExportRelease) -> Release {
        Release {
            schema_version: RELEASE_SCHEMA_VERSION,
            release_id: r.release_id.clone(),
            generated_at: r.generated_at,
            data_as_of: r.data_as_of,
            sample: r.sample,
        }
    }
}

#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub code: String,
    pub name: Translations,
}

#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub code: String,
    pub label: Translations,
    pub description: Translations,
}

#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub code: String,
    pub label: Translations,
}

/// The stages of the verification funnel.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Reported,
    Verified,
    /// Referred to the Special Commission.
    Referred,
    Concluded,
}

impl Measure {
    pub const ALL: [Measure; 4] = [
        Measure::Reported,
        Measure::Verified,
        Measure::Referred,
        Measure::Concluded,
    ];
}

/// One count array per measure. In the cells, attribution outcomes are
/// not published: per cell nearly every one would be withheld, and the rest
/// could be recovered from the concluded count; the margins add them
/// (`Series::attributed`).
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ssr", schemars(rename = "Cells"))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Measures {
    pub reported: Vec<Count>,
    pub verified: Vec<Count>,
    pub referred: Vec<Count>,
    pub concluded: Vec<Count>,
}

/// The arrays in the order of `Measure::ALL`.
impl From<[Vec<Count>; 4]> for Measures {
    fn from([reported, verified, referred, concluded]: [Vec<Count>; 4]) -> Measures {
        Measures {
            reported,
            verified,
            referred,
            concluded,
        }
    }
}

impl Measures {
    /// Each measure's array, made by `array` in the order of `Measure::ALL`.
    pub fn try_from_fn<E>(
        mut array: impl FnMut(Measure) -> Result<Vec<Count>, E>,
    ) -> Result<Measures, E> {
        Ok(Measures {
            reported: array(Measure::Reported)?,
            verified: array(Measure::Verified)?,
            referred: array(Measure::Referred)?,
            concluded: array(Measure::Concluded)?,
        })
    }

    pub fn measure(&self, measure: Measure) -> &[Count] {
        match measure {
            Measure::Reported => &self.reported,
            Measure::Verified => &self.verified,
            Measure::Referred => &self.referred,
            Measure::Concluded => &self.concluded,
        }
    }

    pub fn measure_mut(&mut self, measure: Measure) -> &mut Vec<Count> {
        match measure {
            Measure::Reported => &mut self.reported,
            Measure::Verified => &mut self.verified,
            Measure::Referred => &mut self.referred,
            Measure::Concluded => &mut self.concluded,
        }
    }
}

/// Margin counts: one array per measure, plus the concluded cases split by
/// attribution outcome.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    #[serde(flatten)]
    pub measures: Measures,
    /// Outcome code → concluded cases with that outcome.
    pub attributed: SortedMap<String, Vec<Count>>,
}

impl Series {
    pub fn measure(&self, measure: Measure) -> &[Count] {
        self.measures.measure(measure)
    }

    /// Every array with its name as it appears in the JSON.
    pub(super) fn arrays(&self) -> impl Iterator<Item = (String, &[Count])> {
        let measures = Measure::ALL
            .into_iter()
            .map(|m| (measure_name(m), self.measure(m)));
        let outcomes = self
            .attributed
            .iter()
            .map(|(code, counts)| (format!("attributed.{code}"), counts.as_slice()));
        measures.chain(outcomes)
    }
}

pub(crate) fn measure_name(measure: Measure) -> String {
    match measure {
        Measure::Reported => "reported",
        Measure::Verified => "verified",
        Measure::Referred => "referred",
        Measure::Concluded => "concluded",
    }
    .to_owned()
}

/// The published sums over the cells.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// Per week, over all regions and categories.
    pub by_week: Series,
    /// Per region, over all weeks and categories.
    pub by_region: Series,
    /// Per category, over all weeks and regions.
    pub by_category: Series,
    /// The grand totals along the funnel (arrays of one).
    pub total: Series,
}

/// Open cases, referred to the Special Commission and not concluded, by
/// how long ago their incident was: per region and in total, over all
/// weeks and categories. Like the outcomes, keyed by code.
#[cfg_attr(feature = "ssr", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OpenByAge {
    /// The age bands, youngest first: `w0-4` (0 to 4 weeks old), `w5-12`,
    /// `w13-26` and `w27-plus` (27 weeks or more), counted from the
    /// incident's week to the week of `data_as_of`.
    pub bands: Vec<AgeBand>,
    /// Band code → open cases per region, in the order of `regions`.
    pub by_region: SortedMap<String, Vec<Count>>,
    /// Band code → open cases in the whole release (arrays of one).
    pub total: SortedMap<String, Vec<Count>>,
}

impl Export {
    /// The weeks covered, in order.
    pub fn weeks(&self) -> impl Iterator<Item = IsoWeek> + '_ {
        (0..self.week_count() as u32).map(|w| self.release.first_week.plus(w))
    }

    /// Number of weeks covered.
    pub fn week_count(&self) -> usize {
        self.release.first_week.count_to(self.release.last_week) as usize
    }

    /// Position of a cell in the cell arrays.
    pub fn cell_index(&self, week: usize, region: usize, category: usize) -> usize {
        (week * self.regions.len() + region) * self.categories.len() + category
    }

    /// The margins with their names and expected lengths.
    pub(super) fn margin_kinds(&self) -> [(&'static str, &Series, usize); 4] {
        let m = &self.margins;
        [
            ("by_week", &m.by_week, self.week_count()),
            ("by_region", &m.by_region, self.regions.len()),
            ("by_category", &m.by_category, self.categories.len()),
            ("total", &m.total, 1),
        ]
    }
}
