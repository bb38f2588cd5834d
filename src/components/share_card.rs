//! Share cards: the 1200 × 630 picture that a messenger or a social network
//! shows with a link to a page or a widget (`og:image`), and the images of
//! figures offered for download. Drawn as SVG by the portal's writer
//! ([`Html`]) from the figures the page shows, with text fitted by the
//! shipped fonts' advances ([`text_width`]): at build time, then
//! rasterised natively (`card_png.rs`); and in the browser by the module
//! that draws the explorer's own views (`figure_svg.rs`), which is not in
//! the page's wasm.

use super::font_metrics::text_width;
use super::html::Html;
use crate::locale::{td_string, Locale, Texts, T};
use crate::model::count::{Total, SUPPRESSED_SYMBOL};
use crate::model::format::{colon, long_date, number};
use crate::model::region::TILES;
use crate::model::{Lang, Release};

/// A card's size in pixels, as `og:image:width` and `og:image:height` say.
pub const CARD_WIDTH: u32 = 1200;
pub const CARD_HEIGHT: u32 = 630;

/// The family the cards are drawn in (`fonts/`).
pub const FAMILY: &str = "DejaVu Sans";
const DOWNLOAD_FAMILIES: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// The portal's colours (style/main.css, light scheme) and the favicon's.
const NAVY: &str = "#0b3d91";
const TEXT: &str = "#1a1f26";
const MUTED: &str = "#4a5566";
const ACCENT: &str = "#0b4db3";
const BORDER: &str = "#c9d1dc";
const SURFACE: &str = "#f3f5f8";
const SAMPLE_BG: &str = "#fff4d6";
const SAMPLE_TEXT: &str = "#5c3b00";

/// Left and right margin.
const MARGIN: f32 = 64.0;
const INNER: f32 = CARD_WIDTH as f32 - 2.0 * MARGIN;
/// Where the content ends and the provenance begins.
const BODY_END: f32 = 500.0;

/// What one card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub lang: Lang,
    /// The page's title (a widget's own title on its views).
    pub title: String,
    /// Which figures these are, under the title: a widget view's region or
    /// type and period.
    pub subtitle: Option<String>,
    pub body: CardBody,
    /// Every card names the release and its data-as-of date, and says
    /// while the figures are sample data.
    pub release: Release,
    /// On a downloaded image: its source and licence, drawn under the
    /// release (a link preview names its page already).
    pub download: Option<Download>,
}

/// What a figure downloaded as an image carries besides a card's
/// provenance, so that a copy printed or posted anywhere still names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// The URL of the page that shows the figure.
    pub source: String,
    /// The licence the data is published under ("CC BY 4.0").
    pub licence: String,
}

/// The content under a card's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardBody {
    /// Words: a page's description, the declaration's title, a provision;
    /// `note` says what the text is ("Summary in our own words").
    Text { text: String, note: Option<String> },
    /// Figures as the page publishes them, each with its name.
    Figures(Vec<(String, Total)>),
    /// One figure beside the weeks it adds up (the weekly trend).
    Trend {
        figure: (String, Total),
        weeks: Vec<Total>,
    },
    /// One figure beside the regions it adds up, as the tile map shades
    /// them: `(column, row, shade 0–4)`.
    Map {
        figure: (String, Total),
        tiles: Vec<(u8, u8, u64)>,
    },
}

/// The card's text for those who cannot see it (`og:image:alt`).
pub fn card_alt(card: &Card) -> String {
    let t = Texts::new(card.lang);
    let mut parts = vec![card.title.clone()];
    parts.extend(card.subtitle.clone());
    match &card.body {
        CardBody::Text { text, note } => {
            parts.push(text.clone());
            parts.extend(note.clone());
        }
        CardBody::Figures(figures) => {
            for (name, total) in figures {
                parts.push(format!("{name}{}{}", colon(card.lang), spoken(&t, *total)));
            }
        }
        CardBody::Trend { figure, .. } | CardBody::Map { figure, .. } => {
            parts.push(format!(
                "{}{}{}",
                figure.0,
                colon(card.lang),
                spoken(&t, figure.1)
            ));
        }
    }
    parts.push(provenance(card));
    if card.release.sample {
        parts.push(sample_label(card.lang).to_owned());
    }
    parts
        .iter()
        .map(|p| p.trim_end_matches('.'))
        .collect::<Vec<_>>()
        .join(". ")
        + "."
}

/// A figure in words: the number, "at least" and the number, or that it
/// is withheld.
fn spoken(t: &Texts, total: Total) -> String {
    match total {
        Total::Exact(n) => number(n, t.lang),
        Total::AtLeast(0) => format!("{SUPPRESSED_SYMBOL} ({})", &t[T::stats_withheld]),
        Total::AtLeast(n) => format!("{} {}", &t[T::stats_at_least], number(n, t.lang)),
    }
}

fn sample_label(lang: Lang) -> &'static str {
    td_string!(Locale::from(lang), stats_sample)
}

/// "Data release sample-2026-W47 · Data as of 22 November 2026".
fn provenance(card: &Card) -> String {
    let locale = Locale::from(card.lang);
    format!(
        "{} {} · {} {}",
        td_string!(locale, footer_release),
        card.release.release_id,
        td_string!(locale, footer_data_as_of),
        long_date(card.release.data_as_of, card.lang)
    )
}

/// The lines under a card's content: the release and its date; on a
/// download, the source (the portal and the page's URL) first and the
/// licence after the date, each in at most two lines.
fn footer_lines(card: &Card) -> Vec<String> {
    let Some(download) = &card.download else {
        return vec![wrap(&provenance(card), 24.0, false, INNER, 1).concat()];
    };
    let locale = Locale::from(card.lang);
    let colon = colon(card.lang);
    [
        format!(
            "{}{colon}{}",
            td_string!(locale, embed_source),
            td_string!(locale, site_name)
        ),
        download.source.clone(),
        // The licence and its name on one line.
        format!(
            "{} · {}",
            provenance(card),
            format!(
                "{}{colon}{}",
                td_string!(locale, releases_licence),
                download.licence
            )
            .replace(' ', "\u{a0}")
        ),
    ]
    .iter()
    .flat_map(|line| wrap(line, 24.0, false, INNER, 2))
    .collect()
}

/// The space between two lines under the content.
const FOOTER_LEADING: f32 = 32.0;

/// The card as SVG, 1200 × 630 (a download as tall as its lines under the
/// content need): the portal's name on its colour, the title, the
/// content, then the release, its date and the sample label (on a
/// download, with the source and the licence).
pub fn card_svg(card: &Card) -> String {
    let footer = footer_lines(card);
    let extra = footer.len().saturating_sub(1) as f32 * FOOTER_LEADING;
    let height = CARD_HEIGHT as f32 + extra;
    let h = &mut Html::new();
    h.el_with(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("width", &CARD_WIDTH.to_string()),
            ("height", &height.to_string()),
            ("viewBox", &format!("0 0 {CARD_WIDTH} {height}")),
            // A downloaded SVG may be opened where DejaVu Sans is not
            // installed: similar fonts of wide coverage in its place.
            (
                "font-family",
                match card.download {
                    Some(_) => DOWNLOAD_FAMILIES,
                    None => FAMILY,
                },
            ),
            ("lang", card.lang.code()),
        ],
        |h| svg_content(h, card, &footer, extra, height),
    );
    std::mem::take(h).finish()
}

/// What the card's SVG draws, on its whole height.
fn svg_content(h: &mut Html, card: &Card, footer: &[String], extra: f32, height: f32) {
    let t = Texts::new(card.lang);
    if card.download.is_some() {
        h.el("title", &[], &card_alt(card));
    }
    rect(h, (0.0, 0.0), (CARD_WIDTH as f32, height), "#ffffff");
    rect(h, (0.0, 0.0), (CARD_WIDTH as f32, 84.0), NAVY);
    // The favicon's shield, at 1.75 times its 32-unit box.
    h.el_with(
        "g",
        &[("transform", &format!("translate({MARGIN} 14) scale(1.75)"))],
        |h| {
            h.el(
                "path",
                &[
                    ("d", "M16 5l9 4v7c0 6-4 10-9 12-5-2-9-6-9-12V9z"),
                    ("fill", "#ffd500"),
                ],
                "",
            )
            .el(
                "path",
                &[
                    ("d", "M16 8l6 2.7V16c0 4.2-2.6 7.2-6 8.8z"),
                    ("fill", "#0057b7"),
                ],
                "",
            );
        },
    );
    let site = td_string!(Locale::from(card.lang), site_name);
    text(h, (MARGIN + 72.0, 52.0), 26.0, true, "#ffffff", site);

    // The title, as large as two lines allow, or in three smaller ones.
    let (size, lines) = [(54.0, 2), (46.0, 2), (40.0, 3)]
        .into_iter()
        .map(|(size, most)| (size, wrap(&card.title, size, true, INNER, most)))
        .find(|(_, lines)| !lines.last().is_some_and(|l| l.ends_with('…')))
        .unwrap_or_else(|| (40.0, wrap(&card.title, 40.0, true, INNER, 3)));
    let mut y = 84.0 + 36.0;
    for line in &lines {
        y += size * 1.18;
        text(h, (MARGIN, y), size, true, TEXT, line);
    }
    if let Some(subtitle) = &card.subtitle {
        y += 8.0;
        for line in wrap(subtitle, 28.0, false, INNER, 2) {
            y += 36.0;
            text(h, (MARGIN, y), 28.0, false, ACCENT, &line);
        }
    }
    match &card.body {
        CardBody::Text { text: words, note } => {
            let size = 32.0;
            y += 20.0;
            let note_room = if note.is_some() { 48.0 } else { 0.0 };
            let room = ((BODY_END - note_room - y) / (size * 1.35)).floor() as usize;
            for line in wrap(words, size, false, INNER, room.max(1)) {
                y += size * 1.35;
                text(h, (MARGIN, y), size, false, TEXT, &line);
            }
            if let Some(note) = note {
                y += 48.0;
                let line = wrap(note, 24.0, false, INNER, 1).concat();
                text(h, (MARGIN, y), 24.0, false, MUTED, &line);
            }
        }
        CardBody::Figures(figures) => {
            let width = INNER / figures.len().max(1) as f32;
            for (i, (name, total)) in figures.iter().enumerate() {
                figure(
                    h,
                    &t,
                    (MARGIN + i as f32 * width, width - 24.0),
                    name,
                    *total,
                );
            }
        }
        CardBody::Trend { figure: f, weeks } => {
            let width = INNER * 0.3;
            figure(h, &t, (MARGIN, width - 24.0), &f.0, f.1);
            bars(h, (MARGIN + width, y + 36.0), weeks);
        }
        CardBody::Map { figure: f, tiles } => {
            let width = INNER * 0.3;
            figure(h, &t, (MARGIN, width - 24.0), &f.0, f.1);
            map(h, (MARGIN + width, y + 24.0), tiles);
        }
    }

    rect(h, (0.0, BODY_END + 16.0), (CARD_WIDTH as f32, 2.0), BORDER);
    let first = match card.release.sample {
        true => 556.0,
        false => {
            rect(h, (0.0, 518.0), (CARD_WIDTH as f32, 112.0 + extra), SURFACE);
            582.0 - extra / 2.0
        }
    };
    for (i, line) in footer.iter().enumerate() {
        let y = first + i as f32 * FOOTER_LEADING;
        text(h, (MARGIN, y), 24.0, false, MUTED, line);
    }
    if card.release.sample {
        rect(
            h,
            (0.0, 576.0 + extra),
            (CARD_WIDTH as f32, 54.0),
            SAMPLE_BG,
        );
        let label = wrap(sample_label(card.lang), 24.0, true, INNER, 1).concat();
        text(h, (MARGIN, 612.0 + extra), 24.0, true, SAMPLE_TEXT, &label);
    }
}

/// A figure in its column (`(x, width)`), standing on the content's
/// bottom: the number with "at least" above it when it is a bound, or the
/// symbol with what it means beside it; its name below in up to two lines.
fn figure(h: &mut Html, t: &Texts, (x, width): (f32, f32), name: &str, total: Total) {
    let baseline = BODY_END - 62.0;
    let shown = match total {
        Total::AtLeast(0) => SUPPRESSED_SYMBOL.to_owned(),
        Total::Exact(n) | Total::AtLeast(n) => number(n, t.lang),
    };
    let size = [64.0, 56.0, 48.0, 40.0]
        .into_iter()
        .find(|&s| text_width(&shown, s, true) <= width)
        .unwrap_or(36.0);
    if let Total::AtLeast(1..) = total {
        let above = wrap(&t[T::stats_at_least], 22.0, false, width, 1).concat();
        text(h, (x, baseline - size - 8.0), 22.0, false, MUTED, &above);
    }
    text(h, (x, baseline), size, true, ACCENT, &shown);
    if total == Total::AtLeast(0) {
        // Beside the symbol, its last line on the figure's baseline.
        let left = text_width(&shown, size, true) + 14.0;
        let lines = wrap(&t[T::stats_withheld], 20.0, false, width - left, 3);
        for (i, line) in lines.iter().enumerate() {
            let y = baseline - (lines.len() - 1 - i) as f32 * 23.0;
            text(h, (x + left, y), 20.0, false, MUTED, line);
        }
    }
    for (i, line) in wrap(&capitalised(name), 22.0, false, width, 2)
        .iter()
        .enumerate()
    {
        let y = baseline + 32.0 + i as f32 * 27.0;
        text(h, (x, y), 22.0, false, TEXT, line);
    }
}

/// The weeks as bars from `(x, top)` to the content's bottom and the
/// card's right margin: a bound as a lighter bar of its published part, a
/// withheld week as an empty outline.
fn bars(h: &mut Html, (x, top): (f32, f32), weeks: &[Total]) {
    let (width, height) = (CARD_WIDTH as f32 - MARGIN - x, BODY_END - 8.0 - top);
    let max = weeks.iter().map(|w| w.floor()).max().unwrap_or(0).max(1) as f32;
    let step = width / weeks.len().max(1) as f32;
    let bottom = BODY_END - 8.0;
    for (i, week) in weeks.iter().enumerate() {
        let left = x + i as f32 * step + step * 0.12;
        let bar = step * 0.76;
        let tall = |n: u64| (n as f32 / max * height).max(1.0);
        match *week {
            Total::Exact(n) => rect(h, (left, bottom - tall(n)), (bar, tall(n)), ACCENT),
            Total::AtLeast(0) => {
                h.el(
                    "rect",
                    &[
                        ("x", &px(left)),
                        ("y", &px(bottom - height)),
                        ("width", &px(bar)),
                        ("height", &px(height)),
                        ("fill", "none"),
                        ("stroke", BORDER),
                        ("stroke-width", "1.5"),
                    ],
                    "",
                );
            }
            Total::AtLeast(n) => rect(h, (left, bottom - tall(n)), (bar, tall(n)), "#7fa6e0"),
        }
    }
    rect(h, (x, bottom), (width, 2.0), MUTED);
}

/// A figure's name as a label of its own: the catalogue writes it to
/// follow a number in a sentence ("violations reported").
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The tile map's shades (style/components.css: the accent mixed into the
/// page's background at 0, 20, 45, 80 and 100 %).
const SHADES: [&str; 5] = ["#ffffff", "#cedbf0", "#91afdd", "#3c71c2", ACCENT];

/// The regions as tiles in their places on the whole map's grid (a
/// region's page shows its own tile where it lies), from `(x, top)` to the
/// content's bottom and the card's right margin.
fn map(h: &mut Html, (x, top): (f32, f32), tiles: &[(u8, u8, u64)]) {
    let columns = TILES.iter().map(|t| t.3).max().unwrap_or(0) + 1;
    let rows = TILES.iter().map(|t| t.4).max().unwrap_or(0) + 1;
    let (width, height) = (CARD_WIDTH as f32 - MARGIN - x, BODY_END - 8.0 - top);
    let step = (width / f32::from(columns)).min(height / f32::from(rows));
    for &(column, row, shade) in tiles {
        let fill = SHADES.get(shade as usize).copied().unwrap_or(ACCENT);
        h.el(
            "rect",
            &[
                ("x", &px(x + f32::from(column) * step)),
                ("y", &px(top + f32::from(row) * step)),
                ("width", &px(step - 6.0)),
                ("height", &px(step - 6.0)),
                ("rx", "4"),
                ("fill", fill),
                ("stroke", BORDER),
                ("stroke-width", "1.5"),
            ],
            "",
        );
    }
}

fn px(v: f32) -> String {
    format!("{v:.1}")
}

fn rect(h: &mut Html, (x, y): (f32, f32), (width, height): (f32, f32), fill: &str) {
    h.el(
        "rect",
        &[
            ("x", &px(x)),
            ("y", &px(y)),
            ("width", &px(width)),
            ("height", &px(height)),
            ("fill", fill),
        ],
        "",
    );
}

fn text(h: &mut Html, (x, y): (f32, f32), size: f32, bold: bool, fill: &str, words: &str) {
    h.el(
        "text",
        &[
            ("x", &px(x)),
            ("y", &px(y)),
            ("font-size", &px(size)),
            (if bold { "font-weight" } else { "" }, "bold"),
            ("fill", fill),
        ],
        words,
    );
}

/// `text` in at most `lines` lines no wider than `max`, broken at spaces
/// (never at a no-break space, which holds a number together); the last
/// line ends in "…" when text is left over.
fn wrap(text: &str, size: f32, bold: bool, max: f32, lines: usize) -> Vec<String> {
    // Soft hyphens (the German labels have some) would be drawn: a card
    // does not hyphenate.
    let text = text.replace('\u{ad}', "");
    let fits = |s: &str| text_width(s, size, bold) <= max;
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut words = text.split(' ').filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        if out.len() == lines {
            let last = out.pop().unwrap_or_default();
            out.push(ellipsis(&format!("{last} {word}"), &fits));
            return out;
        }
        line = word.to_owned();
        if !fits(&line) {
            // A word wider than the line: cut it.
            let cut = ellipsis(&line, &fits);
            let more = words.peek().is_some() || out.len() + 1 < lines;
            out.push(cut);
            if more && out.len() == lines {
                return out;
            }
            line.clear();
        }
    }
    if !line.is_empty() {
        if out.len() == lines {
            let last = out.pop().unwrap_or_default();
            out.push(ellipsis(&format!("{last} {line}"), &fits));
        } else {
            out.push(line);
        }
    }
    out
}

/// The longest start of `text` that fits with "…" after it, cut after a
/// whole word where there is one.
fn ellipsis(text: &str, fits: &dyn Fn(&str) -> bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut end = chars.len();
    while end > 0 && !fits(&(chars[..end].iter().collect::<String>() + "…")) {
        end -= 1;
    }
    let start: String = chars[..end].iter().collect();
    let start = match start.rfind(' ') {
        Some(space) if space > start.len() / 2 => start[..space].to_owned(),
        _ => start,
    };
    format!("{}…", start.trim_end_matches([' ', ',', ';', ':']))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::export::Measure;
    use chrono::{NaiveDate, TimeZone, Utc};

    pub(crate) fn release(sample: bool) -> Release {
        Release {
            schema_version: 1,
            release_id: "sample-2026-W47".into(),
            generated_at: Utc.with_ymd_and_hms(2026, 11, 23, 6, 0, 0).unwrap(),
            data_as_of: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            sample,
        }
    }

    pub(crate) fn card(lang: Lang, body: CardBody) -> Card {
        Card {
            lang,
            title: "Харківська область: Статистика перевірки припинення вогню".into(),
            subtitle: Some("Усі типи · Останні 12 тижнів".into()),
            body,
            release: release(true),
            download: None,
        }
    }

    pub(crate) fn funnel() -> CardBody {
        CardBody::Figures(vec![
            ("violations reported".into(), Total::Exact(12_345)),
            ("verified by monitors".into(), Total::AtLeast(79)),
            ("referred".into(), Total::AtLeast(0)),
            ("concluded".into(), Total::Exact(0)),
        ])
    }

    /// The texts a card's SVG draws, in order, unescaped enough to search.
    pub(crate) fn drawn(svg: &str) -> Vec<String> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let t = &t[t.find('>').unwrap() + 1..];
                t[..t.find("</text>").unwrap()].replace("&amp;", "&")
            })
            .collect()
    }

    /// The title, the release, its date and, while the figures are
    /// synthetic, the sample-data label, all in the card's language.
    #[test]
    fn the_card_names_title_release_date_and_sample_data() {
        let texts = drawn(&card_svg(&card(Lang::Uk, funnel()))).join(" ");
        for expected in [
            "Харківська область: Статистика перевірки припинення вогню",
            "Усі типи · Останні 12 тижнів",
            "Випуск даних sample-2026-W47",
            "Дані станом на 22 листопада 2026",
            "Демонстраційні дані: синтетичні цифри, не реальні події",
        ] {
            assert!(texts.contains(expected), "{expected:?} not in {texts:?}");
        }
        let real = Card {
            release: release(false),
            ..card(Lang::En, funnel())
        };
        let texts = drawn(&card_svg(&real)).join(" ");
        assert!(texts.contains("Data release sample-2026-W47 · Data as of 22 November 2026"));
        assert!(!texts.contains("Sample data"), "{texts}");
        let alt = card_alt(&real);
        assert!(alt.contains("Data release sample-2026-W47") && !alt.contains("Sample data"));
    }

    /// A withheld count is the symbol, never a number; a bound stays "at
    /// least"; in the picture and in its text.
    #[test]
    fn withheld_figures_and_bounds_are_drawn_as_published() {
        let texts = drawn(&card_svg(&card(Lang::En, funnel())));
        let at = |s: &str| texts.iter().position(|t| t == s).unwrap_or(usize::MAX);
        assert!(at("12,345") < at("Violations reported"), "{texts:?}");
        assert_eq!(at("at least") + 1, at("79"), "{texts:?}");
        // The symbol, what it means beside it, then the name.
        let meaning = texts.iter().position(|t| t.starts_with("withheld"));
        assert!(meaning.is_some_and(|m| at(SUPPRESSED_SYMBOL) < m && m < at("Referred")));
        assert_eq!(at("0") + 1, at("Concluded"), "{texts:?}");
        let alt = card_alt(&card(Lang::En, funnel()));
        assert!(alt.contains("verified by monitors: at least 79"), "{alt}");
        assert!(alt.contains("referred: x (withheld"), "{alt}");
        assert!(alt.contains("concluded: 0"), "{alt}");
    }

    /// A figure's image as a statistics page offers it, in `lang`.
    pub(crate) fn download(lang: Lang) -> Card {
        let t = Texts::new(lang);
        Card {
            lang,
            title: t[T::stats_trend].to_owned(),
            subtitle: Some(format!("Kharkiv · {} · 2026-W03 – 2026-W47", t.lang.code())),
            body: CardBody::Trend {
                figure: (t.measure(Measure::Reported).to_owned(), Total::AtLeast(301)),
                weeks: (0..45)
                    .map(|w| match w % 9 {
                        0 => Total::AtLeast(0),
                        _ => Total::Exact(w),
                    })
                    .collect(),
            },
            release: release(true),
            download: Some(Download {
                source: format!("https://example.org/{}/statistics/UA-63/", lang.code()),
                licence: "CC BY 4.0".into(),
            }),
        }
    }

    /// The image names its title, view, source (the portal and the page's
    /// URL), release, data-as-of date, licence and the sample-data label,
    /// in its language; without sample data, no label.
    #[test]
    fn a_download_carries_its_provenance_in_its_language() {
        for (lang, expected) in [
            (
                Lang::Uk,
                [
                    "Джерело: Портал прозорості гарантій безпеки",
                    "Випуск даних sample-2026-W47",
                    "Дані станом на 22 листопада 2026",
                    "Ліцензія:\u{a0}CC\u{a0}BY\u{a0}4.0",
                    "Демонстраційні дані: синтетичні цифри, не реальні події",
                ],
            ),
            (
                Lang::En,
                [
                    "Source: Security Guarantees Transparency Portal",
                    "Data release sample-2026-W47",
                    "Data as of 22 November 2026",
                    "Licence:\u{a0}CC\u{a0}BY\u{a0}4.0",
                    "Sample data: synthetic figures, not real events",
                ],
            ),
            (
                Lang::De,
                [
                    "Quelle: ",
                    "Datenausgabe sample-2026-W47",
                    "22. November 2026",
                    "Lizenz:\u{a0}CC\u{a0}BY\u{a0}4.0",
                    "Beispieldaten",
                ],
            ),
            (
                Lang::Fr,
                [
                    "Source\u{202f}: ",
                    "sample-2026-W47",
                    "22 novembre 2026",
                    "Licence\u{202f}:\u{a0}CC\u{a0}BY\u{a0}4.0",
                    "Données d’exemple",
                ],
            ),
        ] {
            let card = download(lang);
            let texts = drawn(&card_svg(&card)).join(" ");
            let t = Texts::new(lang);
            let source = format!("https://example.org/{}/statistics/UA-63/", lang.code());
            let subtitle = card.subtitle.clone().unwrap();
            for part in expected.iter().copied().chain([
                &t[T::stats_trend],
                subtitle.as_str(),
                source.as_str(),
            ]) {
                assert!(texts.contains(part), "{lang}: {part:?} not in {texts:?}");
            }
            let real = Card {
                release: release(false),
                ..download(lang)
            };
            let texts = drawn(&card_svg(&real)).join(" ");
            assert!(
                texts.contains("Licence") || texts.contains("Lizenz") || texts.contains("Ліцензія")
            );
            assert!(!texts.contains(sample_label(lang)), "{lang}: {texts}");
        }
    }

    #[test]
    fn long_texts_wrap_within_the_card_and_end_in_an_ellipsis() {
        let text = "word ".repeat(200);
        let lines = wrap(&text, 32.0, false, INNER, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| text_width(l, 32.0, false) <= INNER));
        assert!(lines[2].ends_with('…'), "{lines:?}");
        assert_eq!(wrap("short", 32.0, false, INNER, 3), ["short"]);
        // A number is never broken at its no-break spaces.
        let number = "1\u{a0}234\u{a0}567";
        let narrow = text_width(number, 32.0, false) + 4.0;
        let lines = wrap(&format!("{number} violations"), 32.0, false, narrow, 3);
        assert_eq!(lines[0], number, "{lines:?}");
    }
}
