//! The report's appointments part ("Besök med bokad tid"): for each care kind with appointment
//! times in the region file, the people for whom a visit is not feasible by public transport —
//! per municipality and for the county — with the method. Presentation only: the numbers come
//! from `analysis::appointments`.

use super::care_tables::group_label;
use super::content::Block;
use super::html::Cell;
use super::text::L;
use crate::analysis::appointments::GroupAppointments;

/// What the section shows: the groups' counts, the limit each way and the end of the day.
pub struct AppointmentPart<'a> {
    pub groups: &'a [GroupAppointments],
    pub limit_min: u32,
    pub day_end: String,
    /// The planned site's name (for the scenario group's label).
    pub planned: Option<&'a str>,
}

/// The blocks of the subsection (none without groups).
pub fn blocks(l: &L, p: &AppointmentPart) -> Vec<Block> {
    if p.groups.is_empty() {
        return Vec::new();
    }
    let label = |g: &GroupAppointments| group_label(l, &g.key, &g.label, p.planned);
    let mut b = vec![Block::H3(l.t("Besök med bokad tid", "Appointments").into())];
    b.push(Block::P(
        l.t(
            "Kan en patient ta sig till vården med kollektivtrafik till en bokad tid och hem samma dag? Tabellen visar hur många invånare som inte kan det: underlaget för sjukresor och serviceresor, och för Glesbygdstrafik där den finns.",
            "Can a patient get to care by public transport for a booked time and home the same day? The table shows how many inhabitants cannot: the need for sjukresor and serviceresor (special transport to care), and for Glesbygdstrafik where it runs.",
        )
        .to_string(),
    ));
    b.push(Block::Kpis(
        p.groups
            .iter()
            .map(|g| {
                (
                    format!("{} ({})", l.int(g.county.not_feasible), l.pct(g.county.share_not_feasible)),
                    format!(
                        "{}: {} {} {} {} {} min",
                        label(g),
                        l.t("kan inte komma på tid", "cannot make a booked time"),
                        g.appointment,
                        l.t("och hem igen efter", "and get home after"),
                        l.t("besök på", "a stay of"),
                        g.stay_min
                    ),
                )
            })
            .collect(),
    ));
    let mut head = vec![l.t("kommun", "municipality").to_string(), l.t("invånare", "inhabitants").into()];
    for g in p.groups {
        head.push(format!("{}: {}", label(g), l.t("kan inte, invånare", "cannot, inhabitants")));
        head.push(l.t("andel", "share").into());
    }
    let row = |i: Option<usize>| -> Vec<Cell> {
        let first = &p.groups[0];
        let r0 = i.map_or(&first.county, |i| &first.municipalities[i]);
        let name = if i.is_some() { r0.name.clone() } else { l.t("Länet", "County").into() };
        let mut r = vec![Cell::Text(name), Cell::Num(l.int(r0.population))];
        for g in p.groups {
            let x = i.map_or(&g.county, |i| &g.municipalities[i]);
            r.push(Cell::Num(l.int(x.not_feasible)));
            r.push(Cell::Num(l.pct(x.share_not_feasible)));
        }
        r
    };
    let mut rows: Vec<Vec<Cell>> = (0..p.groups[0].municipalities.len()).map(|i| row(Some(i))).collect();
    rows.push(row(None));
    b.push(Block::Table(head, rows));
    let away: Vec<String> = p
        .groups
        .iter()
        .filter_map(|g| Some(format!("{} {} min", label(g), l.dec(g.median_time_away_min?, 0))))
        .collect();
    if !away.is_empty() {
        b.push(Block::P(format!(
            "{}: {}.",
            l.t(
                "Tid hemifrån för dem som kan (median över befolkningen, bästa tid i fönstret)",
                "Time away from home for those who can (median over the population, best slot in the window)"
            ),
            away.join("; ")
        )));
    }
    b.push(Block::Note(method(l, p)));
    b
}

/// The method in words, with the anchor.
fn method(l: &L, p: &AppointmentPart) -> String {
    let slots: Vec<String> = p
        .groups
        .iter()
        .map(|g| {
            format!(
                "{} {} ({} {} min, {} {} min)",
                g.label,
                g.appointment,
                l.t("var", "every"),
                g.slot_step_min,
                l.t("besökstid", "stay"),
                g.stay_min
            )
        })
        .collect();
    format!(
        "{} {} {} {} {}. {}",
        l.t(
            "Metod: ett besök är möjligt när patienten med kollektivtrafik och gång är framme vid mottagningen senast den bokade tiden och kan resa hem när besöket är slut (bokad tid + besökstid) och vara hemma samma dag, senast",
            "Method: a visit is feasible when the patient, by public transport and on foot, is at the care unit by the booked time and can travel home when the visit ends (booked time + stay) and be home the same day, by",
        ),
        p.day_end,
        l.t(
            &format!("(förankrat i Trafikverkets kriterier för grundläggande tillgänglighet, här tillämpade på vårdbesök: ”framme före klockan 10 och kan resa hem efter klockan 16”, ”tillbaka före klockan 24”). Varje väg får ta högst {} minuter räknat från att patienten går hemifrån till den bokade tiden, och från att besöket slutar till att patienten är hemma (väntetid ingår).", p.limit_min),
            &format!("(anchored in Trafikverket's criteria for basic accessibility, applied here to care visits: “there before 10 and can travel home after 16”, “back before 24”). Each way may take at most {} minutes, counted from leaving home to the booked time and from the end of the visit to being home (waiting included).", p.limit_min),
        ),
        l.t(
            "Med ett tidsfönster kan patienten få vilken tid som helst i fönstret; besöket räknas som möjligt om någon tid fungerar, och den tid med kortast tid hemifrån redovisas. Närmaste mottagning av slaget räknas inte i förväg: den som ger kortast tid hemifrån väljs. Tider per vårdslag i regionfilen ([appointments]):",
            "With a window the patient may be given any slot in it; the visit counts as feasible if any slot works, and the slot with the least time away from home is reported. The unit is not fixed in advance: the one of the kind with the least time away is chosen. Times per kind in the region file ([appointments]):",
        ),
        slots.join(", "),
        l.t(
            "Per mottagning en bakåtsökning (senaste avresa hemifrån) och en framåtsökning (tidigaste hemkomst) över alla tider i fönstret. Gång som i restiderna ovan; invånare räknas i befolkningsrutorna.",
            "Per care unit one reverse search (latest departure from home) and one forward search (earliest arrival home) over every slot of the window. Walking as for the travel times above; inhabitants are counted in the population cells.",
        ),
    )
}

/// Puts the subsection at the end of the care section.
pub fn insert(
    blocks: &mut Vec<Block>,
    l: &L,
    r: &crate::analysis::appointments::AppointmentRun,
    study: &crate::analysis::Study,
    planned: Option<&str>,
) {
    let groups = r.summary(&study.names);
    let part = AppointmentPart {
        groups: &groups,
        limit_min: r.limit_secs / 60,
        day_end: crate::date::fmt_hm(r.day_end),
        planned,
    };
    super::restidskvot::insert(blocks, self::blocks(l, &part));
}
