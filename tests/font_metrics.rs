//! The share cards' writer measures text with a table of the shipped
//! fonts' advances (`src/components/font_advances.rs`), so that it runs in
//! the browser too: this test generates the table from `fonts/` with
//! skrifa, fails when the committed one differs, and holds every width the
//! table gives to skrifa's. `UPDATE_FONT_METRICS=1 cargo test --features
//! ssr --test font_metrics` rewrites it.

#![cfg(feature = "ssr")]
#![expect(
    clippy::expect_used,
    reason = "a test fails by panicking, its helpers too"
)]

use portal::components::{text_width, FONT_BLOCKS};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const TABLE: &str = "src/components/font_advances.rs";
const FONTS: [(&str, &str, &str); 2] = [
    ("REGULAR", "DejaVu Sans", "fonts/DejaVuSans.ttf"),
    ("BOLD", "DejaVu Sans Bold", "fonts/DejaVuSans-Bold.ttf"),
];

fn font(path: &str) -> Vec<u8> {
    std::fs::read(format!("{ROOT}/{path}")).expect("a shipped font")
}

/// The characters of the table's blocks that `font` has, with their
/// advances in its units.
fn advances(font: &FontRef) -> Vec<(u32, u16)> {
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
    FONT_BLOCKS
        .iter()
        .flat_map(|&(first, last)| first..=last)
        .filter_map(|code| {
            let glyph = charmap.map(char::from_u32(code)?)?;
            let advance = metrics.advance_width(glyph)?;
            Some((code, advance as u16))
        })
        .collect()
}

fn generate() -> String {
    let mut out = String::from(
        "//! Generated from fonts/ by `UPDATE_FONT_METRICS=1 cargo test --features ssr --test\n\
         //! font_metrics` (tests/font_metrics.rs): the advances of the characters of\n\
         //! [`super::font_metrics::BLOCKS`] that each font has, in its units.\n\n\
         use super::font_metrics::Advances;\n",
    );
    for (name, family, path) in FONTS {
        let data = font(path);
        let font = FontRef::new(&data).expect("a font skrifa reads");
        let per_em = font
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em;
        out.push_str(&format!(
            "\n/// {family}.\n#[rustfmt::skip]\npub const {name}: Advances = Advances {{\n    units_per_em: {per_em},\n    runs: &[\n"
        ));
        let mut runs: Vec<(u32, Vec<u16>)> = Vec::new();
        for (code, advance) in advances(&font) {
            match runs.last_mut() {
                Some((first, run)) if *first + run.len() as u32 == code => run.push(advance),
                _ => runs.push((code, vec![advance])),
            }
        }
        for (first, run) in runs {
            out.push_str(&format!("        ({first:#x}, &["));
            for (i, chunk) in run.chunks(16).enumerate() {
                let line: Vec<String> = chunk.iter().map(u16::to_string).collect();
                if i > 0 || run.len() > 16 {
                    out.push_str("\n            ");
                }
                out.push_str(&line.join(", "));
                out.push(',');
            }
            out.push_str(if run.len() > 16 {
                "\n        ]),\n"
            } else {
                "]),\n"
            });
        }
        out.push_str("    ],\n};\n");
    }
    out
}

#[test]
fn the_table_is_generated_from_the_fonts() {
    let path = format!("{ROOT}/{TABLE}");
    let generated = generate();
    if std::env::var_os("UPDATE_FONT_METRICS").is_some() {
        std::fs::write(&path, &generated).expect("write the table");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{TABLE} is not what the fonts give: run `UPDATE_FONT_METRICS=1 cargo test --features ssr --test font_metrics`"
    );
}

/// Every character of the blocks, at every size the writer sets text in
/// and a few others, is as wide as skrifa measures it in the font, to the
/// bit; a character the font lacks counts as 0.65 em, as before.
#[test]
fn widths_are_skrifas() {
    for (bold, (_, _, path)) in [false, true].into_iter().zip(FONTS) {
        let data = font(path);
        let font = FontRef::new(&data).expect("a font skrifa reads");
        let charmap = font.charmap();
        for size in [
            20.0, 22.0, 24.0, 26.0, 28.0, 32.0, 36.0, 40.0, 46.0, 48.0, 54.0, 56.0, 64.0, 13.3,
            99.9,
        ] {
            let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
            for code in FONT_BLOCKS.iter().flat_map(|&(first, last)| first..=last) {
                let Some(c) = char::from_u32(code) else {
                    continue;
                };
                let skrifa = charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(size * 0.65);
                let ours = text_width(&c.to_string(), size, bold);
                assert_eq!(ours.to_bits(), skrifa.to_bits(), "{c:?} at {size} ({path})");
            }
        }
    }
}

/// The table covers every character of the catalogues and of the sample
/// export's names and labels, so none of them is measured as a guess.
#[test]
fn the_table_covers_the_portals_texts() {
    let mut texts = String::new();
    for lang in ["uk", "en", "de", "fr"] {
        texts.push_str(
            &std::fs::read_to_string(format!("{ROOT}/locales/{lang}.json")).expect("a catalogue"),
        );
    }
    let export = std::fs::read_to_string(format!("{ROOT}/public/data/export.json"))
        .expect("the sample export");
    let export: serde_json::Value = serde_json::from_str(&export).expect("JSON");
    texts.push_str(&export["regions"].to_string());
    texts.push_str(&export["categories"].to_string());
    let regular = FontRef::new(include_bytes!("../fonts/DejaVuSans.ttf")).expect("font");
    for c in texts.chars().filter(|c| !c.is_control() && *c != '\u{ad}') {
        assert!(
            FONT_BLOCKS
                .iter()
                .any(|&(first, last)| (first..=last).contains(&u32::from(c))),
            "{c:?} (U+{:04X}) is in no block of the table",
            u32::from(c)
        );
        assert!(regular.charmap().map(c).is_some(), "the font lacks {c:?}");
    }
}
