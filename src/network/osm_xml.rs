//! Reading a small OpenStreetMap XML file (`.osm`, as JOSM saves it or the OSM API's `map` call
//! returns it) into [`RoadData`], with the same filtering as the `.osm.pbf` reader: the ways a
//! pedestrian or a car may use, their tags, and the positions of the nodes they use on SWEREF 99
//! TM. Meant for hand-made test networks, small areas cut out in JOSM and synthetic networks; a
//! county is better read from `.osm.pbf` (the whole file is held in memory here).
//!
//! Bad input is an error naming the file, the line, the element and the field with the value
//! shortened (malformed XML, a node without a readable position, a reference that is not a
//! number); a way referring to a node the file lacks is cut there and counted, as in the PBF
//! reader. Depends on `spatial` and the rest of `network`.

use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::osm::cut_at_missing;
use super::profile::{WayTags, drivable, walkable};
use super::{NetworkError, OsmCounts, RoadData};
use crate::spatial::{Xy, to_sweref};

/// Does `head` (the first bytes of a file) look like XML rather than PBF? An XML file starts
/// with `<` after an optional byte-order mark and white space; a PBF file with the 4-byte length
/// of its first header.
pub fn looks_like_xml(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// Reads the ways and their nodes from an OSM XML file.
pub fn read_xml(path: &Path) -> Result<(RoadData, OsmCounts), NetworkError> {
    let bytes = std::fs::read(path).map_err(|e| NetworkError::new(path, format!("cannot be read: {e}")))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = line_at(&bytes, e.valid_up_to());
        NetworkError::new(path, format!("line {line}: not UTF-8 text (an OSM XML file is UTF-8)"))
    })?;
    parse_xml(path, text)
}

/// The way being read: its node references and tags.
struct OpenWay {
    refs: Vec<i64>,
    tags: WayTags,
}

/// Parses OSM XML `text` (read from `path`, named in errors).
pub fn parse_xml(path: &Path, text: &str) -> Result<(RoadData, OsmCounts), NetworkError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let at = |pos: u64| line_at(text.as_bytes(), pos as usize);
    let mut counts = OsmCounts::default();
    let mut nodes: Vec<(i64, Xy)> = Vec::new();
    let mut ways: Vec<(Vec<i64>, WayTags)> = Vec::new();
    let mut way: Option<OpenWay> = None;
    let mut seen_osm = false;
    loop {
        let start = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            NetworkError::new(path, format!("line {}: malformed XML: {e}", at(reader.error_position())))
        })?;
        let fail = |element: &str, field: &str, value: &str, why: &str| {
            let value = short(value);
            NetworkError::new(path, format!("line {}: <{element}> field `{field}`: {why}: \"{value}\"", at(start)))
        };
        let (e, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) if e.name().as_ref() == "way" => {
                if let Some(w) = way.take() {
                    keep_way(w, &mut ways, &mut counts);
                }
                continue;
            }
            Event::Eof if way.is_some() => {
                return Err(NetworkError::new(path, format!("line {}: malformed XML: <way> never closed", at(start))));
            }
            Event::Eof => break,
            _ => continue,
        };
        match e.name().as_ref() {
            "osm" | "osmChange" => seen_osm = true,
            "node" => {
                counts.nodes += 1;
                if let Some(n) = read_node(e, &fail)? {
                    nodes.push(n);
                }
            }
            "way" => {
                counts.ways += 1;
                let w = OpenWay { refs: Vec::new(), tags: WayTags::default() };
                if empty {
                    keep_way(w, &mut ways, &mut counts);
                } else {
                    way = Some(w);
                }
            }
            "nd" => {
                if let Some(w) = way.as_mut() {
                    let r = attr(e, "ref", &fail, "nd")?.ok_or_else(|| fail("nd", "ref", "", "missing"))?;
                    w.refs.push(r.parse().map_err(|_| fail("nd", "ref", &r, "not a node id"))?);
                }
            }
            "tag" => {
                if let Some(w) = way.as_mut() {
                    let k = attr(e, "k", &fail, "tag")?.ok_or_else(|| fail("tag", "k", "", "missing"))?;
                    let v = attr(e, "v", &fail, "tag")?.ok_or_else(|| fail("tag", "v", "", "missing"))?;
                    w.tags.set(&k, &v);
                }
            }
            _ => {}
        }
    }
    if !seen_osm {
        return Err(NetworkError::new(path, "line 1: not an OSM XML file (no <osm> element)".into()));
    }
    nodes.sort_unstable_by_key(|n| n.0);
    let mut ids: Vec<i64> = ways.iter().flat_map(|w| w.0.iter().copied()).collect();
    ids.sort_unstable();
    ids.dedup();
    let xy = ids
        .iter()
        .map(|id| match nodes.binary_search_by_key(id, |n| n.0) {
            Ok(i) => nodes[i].1,
            Err(_) => Xy { x: f64::NAN, y: f64::NAN },
        })
        .collect();
    Ok((cut_at_missing(ways, &ids, xy, &mut counts), counts))
}

/// Keeps a finished way if it is a highway a pedestrian or a car may use (as the PBF reader).
fn keep_way(w: OpenWay, ways: &mut Vec<(Vec<i64>, WayTags)>, counts: &mut OsmCounts) {
    if w.tags.highway.is_empty() {
        return;
    }
    counts.highways += 1;
    if walkable(&w.tags) || drivable(&w.tags).is_some() {
        counts.kept_ways += 1;
        ways.push((w.refs, w.tags));
    }
}

type Fail<'a> = dyn Fn(&str, &str, &str, &str) -> NetworkError + 'a;

/// A node's id and position; `None` for a deleted node (`visible="false"`, as in history files).
fn read_node(e: &BytesStart, fail: &Fail) -> Result<Option<(i64, Xy)>, NetworkError> {
    if attr(e, "visible", fail, "node")?.as_deref() == Some("false") {
        return Ok(None);
    }
    let field = |name: &str| attr(e, name, fail, "node")?.ok_or_else(|| fail("node", name, "", "missing"));
    let id = field("id")?;
    let id: i64 = id.parse().map_err(|_| fail("node", "id", &id, "not a node id"))?;
    let deg = |name: &str, max: f64| -> Result<f64, NetworkError> {
        let v = field(name)?;
        let d: f64 = v.parse().map_err(|_| fail("node", name, &v, "not a number"))?;
        if !d.is_finite() || d.abs() > max {
            return Err(fail("node", name, &v, &format!("outside ±{max}°")));
        }
        Ok(d)
    };
    let (lat, lon) = (deg("lat", 90.0)?, deg("lon", 180.0)?);
    Ok(Some((id, to_sweref(lat, lon))))
}

/// The value of attribute `name` of `e`, unescaped; errors on a malformed attribute list.
fn attr(e: &BytesStart, name: &str, fail: &Fail, element: &str) -> Result<Option<String>, NetworkError> {
    for a in e.attributes() {
        let a = a.map_err(|err| fail(element, name, "", &format!("malformed attribute ({err})")))?;
        if a.key.as_ref() == name {
            let v = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| fail(element, name, &a.value, &format!("bad escape ({err})")))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// A value shortened for a message (at most 40 characters).
fn short(v: &str) -> String {
    if v.chars().count() <= 40 { v.to_string() } else { format!("{}…", v.chars().take(39).collect::<String>()) }
}

/// The 1-based line of byte `pos` of `bytes`.
fn line_at(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<(RoadData, OsmCounts), String> {
        parse_xml(Path::new("t.osm"), s).map_err(|e| e.to_string())
    }

    const HEAD: &str = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n";

    #[test]
    fn sniffs_xml_from_its_first_bytes() {
        assert!(looks_like_xml(b"<?xml version"));
        assert!(looks_like_xml(b"\xEF\xBB\xBF\n  <osm>"));
        // A PBF file starts with the 4-byte length of its BlobHeader.
        assert!(!looks_like_xml(b"\x00\x00\x00\x0d\x0a\x09OSMHeader"));
        assert!(!looks_like_xml(b""));
    }

    #[test]
    fn reads_nodes_and_ways_with_their_tags_and_filters_as_the_pbf_reader() {
        let s = format!(
            "{HEAD}<node id='1' lat='56.0' lon='14.0'/>\n<node id='2' lat='56.001' lon='14.0'>\
             <tag k='name' v='x'/></node>\n<node id='3' lat='56.002' lon='14.0'/>\n\
             <node id='9' lat='56.5' lon='14.5'/>\n\
             <way id='10'><nd ref='1'/><nd ref='2'/><tag k='highway' v='residential'/>\
             <tag k='maxspeed' v='30'/><tag k='name' v='A &amp; B'/></way>\n\
             <way id='11'><nd ref='2'/><nd ref='3'/><tag k='highway' v='motorway'/><tag k='foot' v='no'/></way>\n\
             <way id='12'><nd ref='2'/><nd ref='3'/><tag k='building' v='yes'/></way>\n\
             <way id='13'><nd ref='3'/><nd ref='1'/><tag k='highway' v='proposed'/></way>\n\
             <relation id='5'><member type='way' ref='10' role=''/><tag k='highway' v='x'/></relation>\n</osm>\n"
        );
        let (d, c) = parse(&s).unwrap();
        // 4 nodes, 4 ways, 3 with highway, 2 kept (residential; motorway driven though not
        // walked); the unused node 9 and the proposed road are dropped.
        assert_eq!(c, OsmCounts { nodes: 4, ways: 4, highways: 3, kept_ways: 2, missing_refs: 0 });
        assert_eq!(d.xy.len(), 3);
        assert_eq!(d.xy[0], to_sweref(56.0, 14.0));
        assert_eq!(d.ways[0].nodes, vec![0, 1]);
        assert_eq!(d.ways[0].tags, WayTags::of("residential", &[("maxspeed", "30")]));
        assert_eq!(d.ways[1].tags, WayTags::of("motorway", &[("foot", "no")]));
    }

    #[test]
    fn a_way_is_cut_at_a_node_the_file_lacks_and_counted() {
        let s = format!(
            "{HEAD}<node id='1' lat='56.0' lon='14.0'/><node id='2' lat='56.001' lon='14.0'/>\
             <node id='4' lat='56.003' lon='14.0'/>\
             <way id='10'><nd ref='1'/><nd ref='2'/><nd ref='3'/><nd ref='4'/><tag k='highway' v='footway'/></way></osm>"
        );
        let (d, c) = parse(&s).unwrap();
        // Node 3 is missing: 1–2 is kept, 4 alone is not a way.
        assert_eq!(c.missing_refs, 1);
        assert_eq!(d.ways.len(), 1);
        assert_eq!(d.ways[0].nodes.len(), 2);
    }

    #[test]
    fn bad_input_names_the_line_and_the_field() {
        let e =
            parse(&format!("{HEAD}<node id='1' lat='56.0' lon='14.0'/>\n<node id='2' lat='north' lon='14'/>\n</osm>"))
                .unwrap_err();
        assert_eq!(e, "t.osm: line 4: <node> field `lat`: not a number: \"north\"");
        let e = parse(&format!("{HEAD}\n<node id='2' lat='95' lon='14'/></osm>")).unwrap_err();
        assert!(e.starts_with("t.osm: line 4: <node> field `lat`: outside ±90°"), "{e}");
        let e = parse(&format!("{HEAD}<node id='2' lon='14'/></osm>")).unwrap_err();
        assert!(e.contains("line 3: <node> field `lat`: missing"), "{e}");
        let e = parse(&format!("{HEAD}<way id='1'>\n<nd ref='x1'/></way></osm>")).unwrap_err();
        assert!(e.contains("line 4: <nd> field `ref`: not a node id: \"x1\""), "{e}");
        // Malformed XML: the end tag does not match.
        let e = parse(&format!("{HEAD}<way id='1'>\n\n</node></osm>")).unwrap_err();
        assert!(e.starts_with("t.osm: line 5: malformed XML"), "{e}");
        let e = parse("<html><body/></html>").unwrap_err();
        assert!(e.contains("not an OSM XML file"), "{e}");
        // A long value is shortened.
        let long = "9".repeat(100);
        let e = parse(&format!("{HEAD}<node id='{long}' lat='1' lon='1'/></osm>")).unwrap_err();
        assert!(e.contains("not a node id") && e.contains('…') && e.len() < 120, "{e}");
    }
}
