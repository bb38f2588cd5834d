//! Share cards and downloaded figures as PNG: the writer's SVG
//! (`share_card.rs`) rasterised by resvg with the fonts shipped in
//! `fonts/` (DejaVu Sans, which covers Latin and Cyrillic), so that no
//! system font can change a card; at build time only.

use super::share_card::FAMILY;
use crate::model::digest::sha256_hex;
use resvg::{tiny_skia, usvg};

/// The largest card the build accepts, in bytes: link previews fetch it
/// over the reader's connection, and some drop larger images.
pub const CARD_MAX_BYTES: usize = 100 * 1024;

const REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// What draws the cards besides their SVG: a new version of these may
/// draw the same SVG differently, so it goes into the cards' names (a test
/// holds it to `Cargo.lock`).
pub const RENDERER: &str = "resvg 0.49.0, png 0.18.1, DejaVu Sans 2.37";

/// A card's file in the site: named by the fingerprint of its SVG and of
/// what draws it, so that pages with the same card share one file, a
/// changed card gets a new name (no stale previews in caches), and a
/// card drawn before can be taken from the build's cache.
pub fn card_file(svg: &str) -> String {
    let named = format!("{RENDERER}\n{svg}");
    format!("cards/{}.png", &sha256_hex(named.as_bytes())[..16])
}

/// How many pixels a downloaded PNG has per unit of its SVG: twice a
/// screen's, for print (2400 pixels wide, 20 cm at 300 dpi).
pub const DOWNLOAD_SCALE: u32 = 2;

/// The files of a figure's download, SVG and PNG, named as cards are (by
/// the fingerprint of the SVG, of what draws it and at which scale): under
/// `cards/` so that they are served as cards are, cached for a year.
pub fn download_files(svg: &str) -> (String, String) {
    let named = format!("{RENDERER}\n{DOWNLOAD_SCALE}x\n{svg}");
    let stem = format!("cards/figures/{}", &sha256_hex(named.as_bytes())[..16]);
    (format!("{stem}.svg"), format!("{stem}.png"))
}

/// Why a card could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum CardError {
    #[error("the card's SVG is invalid: {0}")]
    Svg(#[from] usvg::Error),
    #[error("the card could not be encoded as PNG: {0}")]
    Png(String),
    #[error("the card is {0} bytes, more than the {CARD_MAX_BYTES} a link preview may load")]
    TooLarge(usize),
}

/// Draws cards with the shipped fonts only.
pub struct Rasteriser {
    options: usvg::Options<'static>,
}

impl Default for Rasteriser {
    fn default() -> Self {
        let mut options = usvg::Options {
            font_family: FAMILY.to_owned(),
            ..usvg::Options::default()
        };
        let fonts = options.fontdb_mut();
        fonts.load_font_data(REGULAR.to_vec());
        fonts.load_font_data(BOLD.to_vec());
        Rasteriser { options }
    }
}

impl Rasteriser {
    /// The card as PNG, 1200 × 630, at most [`CARD_MAX_BYTES`].
    pub fn png(&self, svg: &str) -> Result<Vec<u8>, CardError> {
        let png = self.draw(svg, 1)?;
        if png.len() > CARD_MAX_BYTES {
            return Err(CardError::TooLarge(png.len()));
        }
        Ok(png)
    }

    /// A downloaded figure as PNG, at [`DOWNLOAD_SCALE`] times its SVG's
    /// size, for print.
    pub fn download_png(&self, svg: &str) -> Result<Vec<u8>, CardError> {
        self.draw(svg, DOWNLOAD_SCALE)
    }

    fn draw(&self, svg: &str, scale: u32) -> Result<Vec<u8>, CardError> {
        let tree = usvg::Tree::from_str(svg, &self.options)?;
        let size = tree.size().to_int_size();
        let mut pixmap = tiny_skia::Pixmap::new(size.width() * scale, size.height() * scale)
            .ok_or_else(|| CardError::Png("no pixmap".into()))?;
        let zoom = scale as f32;
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(zoom, zoom),
            &mut pixmap.as_mut(),
        );
        match indexed(&pixmap) {
            Some((palette, pixels)) => {
                encode_indexed((pixmap.width(), pixmap.height()), &palette, &pixels)
            }
            None => pixmap
                .encode_png()
                .map_err(|e| CardError::Png(e.to_string())),
        }
    }
}

/// The picture as palette indices, if it has at most 256 colours: a card's
/// flat colours and their anti-aliased edges come to about 150. Runs of a
/// colour and repeated rows are looked up once (this runs unoptimised in
/// the prerender's debug build).
fn indexed(pixmap: &tiny_skia::Pixmap) -> Option<(Vec<[u8; 4]>, Vec<u8>)> {
    let row = pixmap.width() as usize * 4;
    let mut palette: Vec<[u8; 4]> = Vec::new();
    let mut pixels: Vec<u8> = Vec::with_capacity(pixmap.data().len() / 4);
    let (mut previous_row, mut previous, mut index): (&[u8], &[u8], u8) = (&[], &[], 0);
    for line in pixmap.data().chunks_exact(row) {
        if line == previous_row {
            pixels.extend_from_within(pixels.len() - row / 4..);
            continue;
        }
        previous_row = line;
        for pixel in line.chunks_exact(4) {
            if pixel != previous {
                previous = pixel;
                if pixel[3] != u8::MAX {
                    return None;
                }
                let colour = [pixel[0], pixel[1], pixel[2], pixel[3]];
                index = match palette.iter().position(|c| *c == colour) {
                    Some(i) => u8::try_from(i).ok()?,
                    None => {
                        palette.push(colour);
                        u8::try_from(palette.len() - 1).ok()?
                    }
                };
            }
            pixels.push(index);
        }
    }
    Some((palette, pixels))
}

/// An opaque picture of `(width, height)` as an indexed PNG.
fn encode_indexed(
    (width, height): (u32, u32),
    palette: &[[u8; 4]],
    pixels: &[u8],
) -> Result<Vec<u8>, CardError> {
    let fail = |e: png::EncodingError| CardError::Png(e.to_string());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    // Opaque colours only (see `indexed`): premultiplied by 1.
    encoder.set_palette(
        palette
            .iter()
            .flat_map(|c| [c[0], c[1], c[2]])
            .collect::<Vec<u8>>(),
    );
    encoder.set_compression(png::Compression::Balanced);
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(pixels).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::share_card::tests::{card, download, funnel};
    use crate::components::share_card::{card_svg, CardBody, CARD_HEIGHT, CARD_WIDTH};
    use crate::model::count::Total;
    use crate::model::Lang;

    fn png_size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[8..16], b"\0\0\0\x0dIHDR");
        let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        (size(16), size(20))
    }

    #[test]
    fn a_card_is_a_png_of_1200_by_630_within_100_kb() {
        let rasteriser = Rasteriser::default();
        let provision = "A European-led force, with non-European coalition members and proposed US support, is deployed at Ukraine's request after a credible cessation of hostilities. ".repeat(6);
        for card in [
            card(Lang::Uk, funnel()),
            card(
                Lang::En,
                CardBody::Text {
                    text: provision,
                    note: Some("Summary in our own words, not the official text".into()),
                },
            ),
            card(
                Lang::Fr,
                CardBody::Trend {
                    figure: ("violations signalées".into(), Total::AtLeast(8_000)),
                    weeks: (0..260)
                        .map(|w| match w % 7 {
                            0 => Total::AtLeast(0),
                            1 => Total::AtLeast(w),
                            _ => Total::Exact(w * 3),
                        })
                        .collect(),
                },
            ),
            card(
                Lang::De,
                CardBody::Map {
                    figure: ("gemeldete Verstöße".into(), Total::AtLeast(0)),
                    tiles: crate::model::region::TILES
                        .iter()
                        .zip(0..)
                        .map(|(&(_, _, _, column, row), i)| (column, row, i % 5))
                        .collect(),
                },
            ),
        ] {
            let png = rasteriser.png(&card_svg(&card)).unwrap();
            assert!(png.len() <= CARD_MAX_BYTES, "{} bytes", png.len());
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
            assert_eq!(&png[12..16], b"IHDR");
            let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
            assert_eq!((size(16), size(20)), (CARD_WIDTH, CARD_HEIGHT));
        }
    }

    /// A downloaded figure's PNG has twice its SVG's pixels (2400 wide),
    /// for print; a card stays 1200 × 630.
    #[test]
    fn a_download_png_is_twice_the_size_of_its_svg() {
        let rasteriser = Rasteriser::default();
        for lang in Lang::ALL {
            let svg = card_svg(&download(lang));
            let height: f32 = svg
                .split("height=\"")
                .nth(1)
                .and_then(|h| h.split('"').next())
                .and_then(|h| h.parse().ok())
                .unwrap();
            assert!(height > CARD_HEIGHT as f32, "{lang}: {height}");
            let png = rasteriser.download_png(&svg).unwrap();
            assert_eq!(
                png_size(&png),
                (2 * CARD_WIDTH, 2 * height.ceil() as u32),
                "{lang}"
            );
            assert_eq!(DOWNLOAD_SCALE * CARD_WIDTH, 2400);
        }
        let card = card_svg(&card(Lang::Uk, funnel()));
        assert_eq!(
            png_size(&rasteriser.png(&card).unwrap()),
            (CARD_WIDTH, CARD_HEIGHT)
        );
    }

    /// The same card gets the same file, another card another one.
    #[test]
    fn cards_are_named_by_their_content() {
        let a = card_svg(&card(Lang::Uk, funnel()));
        let b = card_svg(&card(Lang::En, funnel()));
        assert_eq!(card_file(&a), card_file(&a.clone()));
        assert_ne!(card_file(&a), card_file(&b));
        assert!(card_file(&a).starts_with("cards/") && card_file(&a).ends_with(".png"));
    }

    /// The renderer's versions in the cards' names are the ones built.
    #[test]
    fn the_renderer_named_in_card_names_is_the_one_in_cargo_lock() {
        let lock = include_str!("../../Cargo.lock");
        for name in ["resvg", "png"] {
            let version = lock
                .split("[[package]]")
                .find_map(|p| {
                    p.contains(&format!("name = \"{name}\"\n"))
                        .then(|| p.split("version = \"").nth(1)?.split('"').next())
                        .flatten()
                })
                .unwrap();
            assert!(
                RENDERER.contains(&format!("{name} {version}")),
                "{name} {version}: {RENDERER}"
            );
        }
    }
}
