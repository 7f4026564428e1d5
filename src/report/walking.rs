//! The report's line on the walking model: the straight line × detour, or paths on the
//! OpenStreetMap walking network (`--osm`). Presentation only; the model is
//! `analysis::walking`.

use super::text::L;
use crate::analysis::walking::WalkingModel;

/// One item for the method section's list of parameters.
pub fn method_item(l: &L, w: &WalkingModel) -> String {
    match &w.osm {
        Some(osm) => format!(
            "{} {osm}{}",
            l.t("Gångmodell: gångvägnätet i OpenStreetMap,", "Walking model: the OpenStreetMap walking network,"),
            l.t(
                ". Varje punkt (rutans mitt, ort, hållplats, vårdenhet) ansluts till närmaste gångbara väg; avståndet dit går man rakt och det räknas. Hållplatser inom radien (fågelväg) räknas, med gångtiden på nätet; omvägsfaktorn används inte. Glesbygdstrafikens regel mäter fortfarande fågelvägen, som Region Kronoberg tillämpar den.",
                ". Each point (cell centre, town, stop, care unit) joins the nearest walkable way; the distance to it is walked straight and counted. Stops within the radius (straight line) count, with their walking time on the network; the detour factor is not used. The Glesbygdstrafik rule still measures the straight line, as Region Kronoberg applies it.",
            )
        ),
        None => l
            .t(
                "Gångmodell: fågelväg × omvägsfaktor (inget OpenStreetMap-utdrag; med --osm går man på gångvägnätet).",
                "Walking model: straight line × detour factor (no OpenStreetMap extract; with --osm walks follow the walking network).",
            )
            .to_string(),
    }
}
