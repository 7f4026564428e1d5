//! Rendering one drawing twice: as SVG text for the HTML report and as a PNG for documents.
//!
//! Text is drawn with the bundled DejaVu Sans (plotters' `ab_glyph` feature), so a chart looks
//! the same on every machine and needs no system fontconfig.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;

static FONT: Once = Once::new();
const DEJAVU: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The family name every chart uses.
pub const FAMILY: &str = "sans-serif";

fn register_font() {
    FONT.call_once(|| {
        // The font is bundled and known good; a failure here is a build defect, shown once.
        if plotters::style::register_font(FAMILY, FontStyle::Normal, DEJAVU).is_err() {
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr(),
                format_args!("warning: the bundled font could not be registered; PNG text will be missing\n"),
            );
        }
    });
}

/// A drawing as SVG (for inline HTML) and PNG (for pasting into documents).
#[derive(Clone, Debug)]
pub struct Figure {
    pub svg: String,
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// An error while drawing, as text (plotters' error types differ per backend).
#[derive(Debug, thiserror::Error)]
#[error("drawing failed: {0}")]
pub struct DrawError(pub String);

/// Something that draws itself on any plotters backend, deterministically.
pub trait Drawing {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

/// Draws `d` on both backends.
pub fn render(width: u32, height: u32, d: &impl Drawing) -> Result<Figure, DrawError> {
    register_font();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        d.draw(&root).map_err(DrawError)?;
        root.present().map_err(|e| DrawError(e.to_string()))?;
    }
    let mut rgb = vec![0u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        d.draw(&root).map_err(DrawError)?;
        root.present().map_err(|e| DrawError(e.to_string()))?;
    }
    let mut png_bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png_bytes, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().map_err(|e| DrawError(e.to_string()))?;
        w.write_image_data(&rgb).map_err(|e| DrawError(e.to_string()))?;
    }
    Ok(Figure { svg: strip_svg_header(svg), png: png_bytes, width, height })
}

/// Makes the SVG scale with the page: a viewBox instead of fixed pixel size.
fn strip_svg_header(svg: String) -> String {
    match svg.find("<svg") {
        Some(i) => {
            let rest = &svg[i..];
            let end = rest.find('>').unwrap_or(0);
            let head = &rest[..end];
            let w = attr(head, "width");
            let h = attr(head, "height");
            let new_head = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMidYMid meet" role="img""#
            );
            format!("{new_head}{}", &rest[end..])
        }
        None => svg,
    }
}

fn attr<'a>(head: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    head.find(&key).map(|i| &head[i + key.len()..]).and_then(|r| r.split('"').next()).unwrap_or("0")
}

/// A drawing error from any backend, as text.
pub fn e<E: std::fmt::Display>(err: E) -> String {
    err.to_string()
}
