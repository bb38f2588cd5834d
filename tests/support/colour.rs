//! Colours as WCAG measures them, shared by the native check of the
//! stylesheets (`tests/colours.rs`) and the end-to-end check of what the
//! browser computes from them.

/// An opaque sRGB colour, each channel from 0 to 1 (gamma-encoded, as
/// written in CSS).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub [f64; 3]);

impl Rgb {
    /// `#rrggbb` (or `#rgb`); `None` for anything else.
    pub fn from_hex(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        let digits: Vec<u8> = match hex.len() {
            3 => hex
                .chars()
                .map(|c| c.to_digit(16).map(|d| (d * 17) as u8))
                .collect::<Option<_>>()?,
            6 => (0..3)
                .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
                .collect::<Option<_>>()?,
            _ => return None,
        };
        Some(Rgb([0, 1, 2].map(|i| f64::from(digits[i]) / 255.0)))
    }

    /// The channels in linear light (the sRGB transfer function undone).
    pub fn linear(self) -> [f64; 3] {
        self.0.map(|c| {
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        })
    }

    /// Relative luminance, as WCAG 2 defines it.
    pub fn luminance(self) -> f64 {
        let [r, g, b] = self.linear();
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }
}

/// WCAG 2 contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}
