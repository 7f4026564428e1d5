//! CI check of a report rendered by headless Chromium: the screenshot is not blank, the rendered
//! DOM holds every section heading, and every figure is an inline SVG with content (no <img> that
//! could be broken).
//!
//! Usage: check_render SCREENSHOT.png DOM.html [--lang sv|en]

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: check_render SCREENSHOT.png DOM.html [--lang sv|en]");
        return ExitCode::from(2);
    }
    let lang = if args.iter().any(|a| a == "en") { "en" } else { "sv" };
    match check(&args[0], &args[1], lang) {
        Ok(msg) => {
            println!("render check: {msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("render check failed: {e}");
            ExitCode::from(1)
        }
    }
}

fn check(png_path: &str, dom_path: &str, lang: &str) -> Result<String, String> {
    let f = std::fs::File::open(png_path).map_err(|e| format!("{png_path}: {e}"))?;
    let decoder = png::Decoder::new(std::io::BufReader::new(f));
    let mut reader = decoder.read_info().map_err(|e| format!("{png_path}: {e}"))?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).map_err(|e| format!("{png_path}: {e}"))?;
    let bpp = info.line_size / info.width as usize;
    let px = &buf[..info.buffer_size()];
    let mut colours = std::collections::HashSet::new();
    let mut non_white = 0usize;
    for p in px.chunks(bpp) {
        let rgb = (p[0], p.get(1).copied().unwrap_or(p[0]), p.get(2).copied().unwrap_or(p[0]));
        if colours.len() < 10_000 {
            colours.insert(rgb);
        }
        if rgb.0 < 240 || rgb.1 < 240 || rgb.2 < 240 {
            non_white += 1;
        }
    }
    let total = (info.width * info.height) as usize;
    let share = non_white as f64 / total as f64;
    if colours.len() < 20 || share < 0.02 {
        return Err(format!(
            "the screenshot looks blank: {} colours, {:.1} % non-white pixels",
            colours.len(),
            share * 100.0
        ));
    }
    let dom = std::fs::read_to_string(dom_path).map_err(|e| format!("{dom_path}: {e}"))?;
    let headings: &[&str] = if lang == "en" {
        &[
            "1. Summary",
            "2. Strategic nodes",
            "3. Care",
            "4. Sparse areas",
            "5. Stops",
            "6. TFP indicators",
            "7. Method and data",
        ]
    } else {
        &[
            "1. Sammanfattning",
            "2. Strategiska noder",
            "3. Vård",
            "4. Glesa miljöer",
            "5. Hållplatser",
            "6. TFP mätetal",
            "7. Metod och data",
        ]
    };
    for h in headings {
        if !dom.contains(&format!(">{h}</h2>")) {
            return Err(format!("section heading '{h}' is missing from the rendered page"));
        }
    }
    if dom.contains("<img") {
        return Err("the page has <img> elements; figures must be inline SVG".into());
    }
    let figures = dom.matches("<figure>").count();
    let svgs = dom.matches("<svg").count();
    if figures == 0 || svgs < figures {
        return Err(format!("{figures} figures but {svgs} inline SVGs"));
    }
    Ok(format!(
        "{}×{} screenshot, {} colours, {:.0} % non-white; {} headings; {} figures, all inline SVG",
        info.width,
        info.height,
        colours.len(),
        share * 100.0,
        headings.len(),
        figures
    ))
}
