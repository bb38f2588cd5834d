//! How wide the share cards' writer sets text: the advance widths of the
//! shipped fonts (`fonts/`, DejaVu Sans and its bold) for the characters
//! the portal writes, in `font_advances.rs`, which a test generates from
//! the fonts with skrifa (the font reader resvg draws the cards with) and
//! holds to them. A table of advances instead of the fonts themselves
//! (1.4 MB), so that the writer runs in the browser too (the explorer's
//! images of its own views) and measures there exactly as at build time.

use super::font_advances::{BOLD, REGULAR};

/// One font's advance widths, in its units, in runs of consecutive
/// characters: `(first character, advances)`.
#[derive(Debug)]
pub struct Advances {
    pub units_per_em: u16,
    pub runs: &'static [(u32, &'static [u16])],
}

impl Advances {
    /// `c`'s advance at `size` pixels, if the font has `c` (and the table
    /// its block).
    pub fn advance(&self, c: char, size: f32) -> Option<f32> {
        let code = u32::from(c);
        self.runs.iter().find_map(|&(first, advances)| {
            let units = *advances.get(code.checked_sub(first)? as usize)?;
            Some(scaled(units, size, self.units_per_em))
        })
    }
}

/// `units` at `size` pixels as skrifa scales them (in FreeType's fixed
/// point: a 16.16 scale of 26.6 pixels per unit), so that every width, and
/// so every line break and figure size, is what skrifa gave.
fn scaled(units: u16, size: f32, units_per_em: u16) -> f32 {
    let pixels = u64::from((size * 64.0) as i32 as u32);
    let per_em = u64::from(units_per_em);
    let scale = ((pixels << 16) + (per_em >> 1)) / per_em;
    let bits = (scale * u64::from(units) + 32) / 64;
    bits as u32 as i32 as f32 * (1.0 / 65536.0)
}

/// How wide `text` is set at `size` pixels, from the shipped font's
/// advances (without kerning, which only narrows it); a character the
/// font lacks counts as 0.65 em.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let font = if bold { &BOLD } else { &REGULAR };
    text.chars()
        .map(|c| font.advance(c, size).unwrap_or(size * 0.65))
        .sum()
}

/// The blocks of characters the table covers: Latin with its accents,
/// spacing modifiers (the Ukrainian apostrophe), Cyrillic, punctuation,
/// currency, letterlike symbols (№) and mathematical operators (−, ≥).
pub const BLOCKS: [(u32, u32); 8] = [
    (0x20, 0x7e),
    (0xa0, 0x24f),
    (0x2b0, 0x2ff),
    (0x400, 0x52f),
    (0x2000, 0x206f),
    (0x20a0, 0x20cf),
    (0x2100, 0x214f),
    (0x2200, 0x22ff),
];
