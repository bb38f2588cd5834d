//! The stylesheets' colours, read from `style/` itself: the map's shade
//! scale stays distinguishable under the common colour-vision deficiencies,
//! and the colour of lines that carry meaning keeps 3:1 against the page.
//! The browser's computed colours are checked end to end
//! (`tests/e2e/accessibility.rs`).

#[path = "support/colour.rs"]
mod colour;

use colour::{contrast, Rgb};

const MAIN_CSS: &str = include_str!("../style/main.css");
const COMPONENTS_CSS: &str = include_str!("../style/components.css");

/// The smallest CIE76 colour difference allowed between neighbouring
/// shades of the map. About 2.3 is just noticeable side by side; 10 keeps
/// steps apart on tiles that do not touch, on a phone in daylight.
const MIN_DELTA_E: f64 = 10.0;

#[derive(Debug, Clone, Copy)]
enum Scheme {
    Light,
    Dark,
}

/// A simulated colour vision: Machado, Oliveira and Fernandes (2009) at
/// severity 1.0, applied to linear RGB.
#[derive(Debug, Clone, Copy)]
enum Vision {
    Typical,
    Protanopia,
    Deuteranopia,
    Tritanopia,
}

impl Vision {
    const ALL: [Vision; 4] = [
        Vision::Typical,
        Vision::Protanopia,
        Vision::Deuteranopia,
        Vision::Tritanopia,
    ];

    fn matrix(self) -> [[f64; 3]; 3] {
        match self {
            Vision::Typical => [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            Vision::Protanopia => [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
            Vision::Deuteranopia => [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
            Vision::Tritanopia => [
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ],
        }
    }

    /// `colour` as this vision sees it, in linear RGB (clipped to the gamut).
    fn sees(self, colour: Rgb) -> [f64; 3] {
        let c = colour.linear();
        self.matrix()
            .map(|row| (row[0] * c[0] + row[1] * c[1] + row[2] * c[2]).clamp(0.0, 1.0))
    }
}

/// CIELAB (D65) of a linear-RGB colour.
fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

fn delta_e76(a: [f64; 3], b: [f64; 3]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(p, q)| (p - q).powi(2))
        .sum::<f64>()
        .sqrt()
}

/// The value of a rule's declaration: `.tile--2 { background: …; }`.
fn declaration<'a>(css: &'a str, selector: &str, property: &str) -> &'a str {
    let start = css
        .find(&format!("{selector} {{"))
        .unwrap_or_else(|| panic!("no rule {selector} in the stylesheet"));
    let body = &css[start..];
    let end = body
        .find('}')
        .unwrap_or_else(|| panic!("the rule {selector} does not end"));
    let body = &body[..end];
    let value = body
        .split(&format!("{property}:"))
        .nth(1)
        .unwrap_or_else(|| panic!("{selector} sets no {property}"));
    value.split(';').next().unwrap_or(value).trim()
}

/// A custom property of `:root` in one scheme: `--bg: light-dark(#fff, #10161f)`.
fn custom_property(name: &str, scheme: Scheme) -> Rgb {
    let value = declaration(MAIN_CSS, ":root", name);
    let pair = value
        .strip_prefix("light-dark(")
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{name} is {value:?}, not light-dark(#…, #…)"));
    let (light, dark) = pair
        .split_once(',')
        .unwrap_or_else(|| panic!("{name} is {value:?}, not two colours"));
    let text = match scheme {
        Scheme::Light => light,
        Scheme::Dark => dark,
    };
    Rgb::from_hex(text.trim()).unwrap_or_else(|| panic!("{name}: {text:?} is not #rrggbb"))
}

/// The background of the map's shade `step` in one scheme: `var(--bg)`,
/// `var(--accent)` or `color-mix(in srgb, var(--accent) P%, var(--bg))`,
/// mixed as the browser mixes in sRGB.
fn shade(step: usize, scheme: Scheme) -> Rgb {
    let value = declaration(COMPONENTS_CSS, &format!(".tile--{step}"), "background");
    let share = match value {
        "var(--bg)" => 0.0,
        "var(--accent)" => 1.0,
        mix => {
            let percent = mix
                .strip_prefix("color-mix(in srgb, var(--accent) ")
                .and_then(|v| v.strip_suffix("%, var(--bg))"))
                .and_then(|p| p.parse::<f64>().ok())
                .unwrap_or_else(|| panic!(".tile--{step}: this test cannot read {mix:?}"));
            percent / 100.0
        }
    };
    let (accent, bg) = (
        custom_property("--accent", scheme),
        custom_property("--bg", scheme),
    );
    Rgb([0, 1, 2].map(|i| share * accent.0[i] + (1.0 - share) * bg.0[i]))
}

/// The five steps the statistics write (`tile--0` to `tile--4`).
const STEPS: usize = 5;

#[test]
fn the_map_shades_stay_apart_under_colour_vision_deficiencies() {
    assert!(
        !COMPONENTS_CSS.contains(&format!(".tile--{STEPS} ")),
        "the map has more than {STEPS} shades: update STEPS"
    );
    let mut failures = Vec::new();
    for scheme in [Scheme::Light, Scheme::Dark] {
        let shades: Vec<Rgb> = (0..STEPS).map(|s| shade(s, scheme)).collect();
        for vision in Vision::ALL {
            for (step, pair) in shades.windows(2).enumerate() {
                let d = delta_e76(lab(vision.sees(pair[0])), lab(vision.sees(pair[1])));
                if d < MIN_DELTA_E {
                    failures.push(format!(
                        "{scheme:?}, {vision:?}: tile--{step} and tile--{} differ by ΔE {d:.1}",
                        step + 1
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "neighbouring shades closer than ΔE {MIN_DELTA_E}:\n{}",
        failures.join("\n")
    );
}

#[test]
fn lines_that_carry_meaning_keep_3_to_1_against_the_page() {
    for scheme in [Scheme::Light, Scheme::Dark] {
        let line = custom_property("--line", scheme);
        for background in ["--bg", "--surface"] {
            let ratio = contrast(line, custom_property(background, scheme));
            assert!(
                ratio >= 3.0,
                "{scheme:?}: --line on {background} is {ratio:.2}:1, below 3:1"
            );
        }
    }
}

#[test]
fn contrast_and_colour_difference_match_known_values() {
    let white = Rgb::from_hex("#fff").unwrap();
    let black = Rgb::from_hex("#000000").unwrap();
    assert!((contrast(white, black) - 21.0).abs() < 1e-9);
    assert!((contrast(Rgb::from_hex("#767676").unwrap(), white) - 4.54).abs() < 0.01);
    // The matrices keep greys as they are (each row adds up to 1).
    let grey = Rgb::from_hex("#808080").unwrap();
    for vision in Vision::ALL {
        let seen = vision.sees(grey);
        assert!(delta_e76(lab(seen), lab(grey.linear())) < 0.5, "{vision:?}");
    }
    assert!((lab(white.linear())[0] - 100.0).abs() < 0.01);
    assert_eq!(Rgb::from_hex("#12345"), None);
}
