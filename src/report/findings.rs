//! "Slutsatser": the three to five findings that matter most, in plain words, generated from the
//! report's numbers — the municipalities furthest from their goals, the largest groups depending
//! on Glesbygdstrafik, where care is furthest away, what the Räppe scenario does to whom, how the
//! strategic nodes fare. Nothing is hard-coded: each finding is left out when its numbers are
//! missing, and the wording follows the numbers (none / some / all).

use super::data::ReportData;
use super::text::L;

/// The Räppe scenario: (replaced hospital, population ≥ 5 min faster, ≥ 5 min slower, per
/// municipality (name, mean change in minutes)).
pub type RappeFacts = (String, u64, u64, Vec<(String, Option<f64>)>);

/// The numbers the findings are made from, language-free.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Municipality goals on basic service: (municipality, target share, measured share).
    pub municipality_goals: Vec<(String, f64, Option<f64>)>,
    /// Per municipality: (name, population, people eligible for Glesbygdstrafik).
    pub eligible: Vec<(String, u64, u64)>,
    /// Per municipality: (name, population, within 45 min of a vårdcentral, vårdcentraler listed).
    pub vardcentral_45: Vec<(String, u64, u64, usize)>,
    /// The Räppe scenario: (replaced hospital, population ≥ 5 min faster, ≥ 5 min slower,
    /// per municipality (name, mean change in minutes)).
    pub rappe: Option<RappeFacts>,
    /// The strategic nodes' travel-time goals to the core: (met, total), and the core's name.
    pub node_time_goals: (usize, usize),
    pub core: String,
    /// Share of the stops with departures without accessibility information.
    pub wheelchair_unknown: f64,
}

impl Facts {
    /// The facts of a report.
    pub fn of(d: &ReportData) -> Facts {
        let municipality_goals = d.municipality_goals.iter().map(|g| (g.subject.clone(), g.target, g.value)).collect();
        let eligible = d
            .glesbygd
            .as_ref()
            .map(|g| g.municipalities.iter().map(|m| (m.name.clone(), m.population, m.eligible)).collect())
            .unwrap_or_default();
        let vardcentral_45 = d
            .care
            .groups
            .iter()
            .find(|g| g.key == "vardcentral")
            .map(|g| {
                g.municipalities
                    .iter()
                    .zip(&d.care.vardcentraler_per_municipality)
                    .map(|(m, &n)| (m.area.clone(), m.population, m.within[1], n))
                    .collect()
            })
            .unwrap_or_default();
        let rappe = d.care.what_if.as_ref().map(|w| {
            let c = &w.comparison;
            let per = c.municipalities.iter().map(|m| (m.area.clone(), m.change.mean_change_min)).collect();
            let k = &c.county;
            (w.replaced.clone(), k.gain_over_15 + k.gain_5_15, k.lose_5_15 + k.lose_over_15, per)
        });
        let time: Vec<bool> =
            d.nodes.iter().flat_map(|n| &n.goals).filter(|g| g.goal == "minutes_to_core").map(|g| g.met).collect();
        Facts {
            municipality_goals,
            eligible,
            vardcentral_45,
            rappe,
            node_time_goals: (time.iter().filter(|m| **m).count(), time.len()),
            core: d.core.clone(),
            wheelchair_unknown: d.summary.share_stops_wheelchair_unknown,
        }
    }
}

/// Names joined as people write them: "A", "A och B", "A, B och C".
fn join(l: &L, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), l.t("och", "and")),
    }
}

fn share(part: u64, of: u64) -> f64 {
    if of == 0 { 0.0 } else { part as f64 / of as f64 }
}

/// The findings, most important first, at most five.
pub fn findings(l: &L, f: &Facts) -> Vec<String> {
    [goals(l, f), glesbygd(l, f), vardcentral(l, f), rappe(l, f), nodes(l, f), wheelchair(l, f)]
        .into_iter()
        .flatten()
        .take(5)
        .collect()
}

/// The municipalities furthest below their goal for basic service.
fn goals(l: &L, f: &Facts) -> Option<String> {
    let n = f.municipality_goals.len();
    if n == 0 {
        return None;
    }
    let met = f.municipality_goals.iter().filter(|g| g.2.is_some_and(|v| v >= g.1)).count();
    let mut below: Vec<&(String, f64, Option<f64>)> =
        f.municipality_goals.iter().filter(|g| !g.2.is_some_and(|v| v >= g.1)).collect();
    below.sort_by(|a, b| (b.1 - b.2.unwrap_or(0.0)).total_cmp(&(a.1 - a.2.unwrap_or(0.0))).then(a.0.cmp(&b.0)));
    let head = if met == 0 {
        format!(
            "{} {} {}",
            l.t("Ingen av de", "None of the"),
            n,
            l.t(
                "kommunerna når sitt mål för grundläggande resmöjligheter.",
                "municipalities reaches its goal for basic service."
            )
        )
    } else {
        format!(
            "{met} {} {n} {}",
            l.t("av", "of"),
            l.t(
                "kommuner når sitt mål för grundläggande resmöjligheter.",
                "municipalities reach their goal for basic service."
            )
        )
    };
    if below.is_empty() {
        return Some(head);
    }
    let worst: Vec<String> = below
        .iter()
        .take(3)
        .map(|(name, target, v)| {
            format!(
                "{name} ({} {} {})",
                v.map_or("–".into(), |v| l.pct(v)),
                l.t("mot målet", "against"),
                l.pct(*target)
            )
        })
        .collect();
    Some(format!("{head} {} {}.", l.t("Längst från målet:", "Furthest from it:"), join(l, &worst)))
}

/// How many depend on Glesbygdstrafik, and where.
fn glesbygd(l: &L, f: &Facts) -> Option<String> {
    let total: u64 = f.eligible.iter().map(|e| e.2).sum();
    let pop: u64 = f.eligible.iter().map(|e| e.1).sum();
    if pop == 0 {
        return None;
    }
    let mut by_count: Vec<&(String, u64, u64)> = f.eligible.iter().filter(|e| e.2 > 0).collect();
    by_count.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let most: Vec<String> = by_count.iter().take(3).map(|e| format!("{} ({})", e.0, l.int(e.2))).collect();
    let top_share = f
        .eligible
        .iter()
        .filter(|e| e.1 > 0)
        .max_by(|a, b| share(a.2, a.1).total_cmp(&share(b.2, b.1)).then(b.0.cmp(&a.0)));
    let mut s = format!(
        "{} {} ({}) {}",
        l.int(total),
        l.t("invånare", "inhabitants"),
        l.pct(share(total, pop)),
        l.t(
            "saknar grundläggande linjetrafik en vardag och har rätt till Glesbygdstrafik.",
            "lack basic line service on a weekday and are eligible for Glesbygdstrafik."
        )
    );
    if total > 0 {
        s += &format!(" {} {}", l.t("Flest bor i", "Most live in"), join(l, &most));
        if let Some(t) = top_share {
            s += &format!(
                "; {} {} ({}).",
                l.t("störst andel har", "the largest share is in"),
                t.0,
                l.pct(share(t.2, t.1))
            );
        } else {
            s.push('.');
        }
    }
    Some(s)
}

/// The municipalities where the fewest reach a vårdcentral within 45 minutes.
fn vardcentral(l: &L, f: &Facts) -> Option<String> {
    let pop: u64 = f.vardcentral_45.iter().map(|v| v.1).sum();
    if pop == 0 {
        return None;
    }
    let county = share(f.vardcentral_45.iter().map(|v| v.2).sum(), pop);
    let mut v: Vec<&(String, u64, u64, usize)> = f.vardcentral_45.iter().filter(|v| v.1 > 0).collect();
    v.sort_by(|a, b| share(a.2, a.1).total_cmp(&share(b.2, b.1)).then(a.0.cmp(&b.0)));
    let worst: Vec<String> = v
        .iter()
        .take(2)
        .map(|(name, p, w, n)| {
            let listed = match n {
                0 => {
                    l.t(", ingen vårdcentral i regionfilens lista", ", no vårdcentral in the region file's list").into()
                }
                1 => l.t(", en vårdcentral i listan", ", one vårdcentral in the list").into(),
                _ => String::new(),
            };
            format!("{name} ({}{listed})", l.pct(share(*w, *p)))
        })
        .collect();
    Some(format!(
        "{} {} {} {} {}.",
        l.t("Färst når en vårdcentral inom 45 minuter i", "The fewest reach a vårdcentral within 45 minutes in"),
        join(l, &worst),
        l.t("mot", "against"),
        l.pct(county),
        l.t("i hela länet", "in the whole county"),
    ))
}

/// Who gains and who loses if acute care moved to Räppe.
fn rappe(l: &L, f: &Facts) -> Option<String> {
    let (replaced, gain, lose, per) = f.rappe.as_ref()?;
    let mut worse: Vec<&(String, Option<f64>)> = per.iter().filter(|m| m.1.is_some_and(|x| x >= 5.0)).collect();
    worse.sort_by(|a, b| b.1.unwrap_or(0.0).total_cmp(&a.1.unwrap_or(0.0)).then(a.0.cmp(&b.0)));
    let names: Vec<String> =
        worse.iter().take(3).map(|(n, m)| format!("{n} (+{} min)", l.dec(m.unwrap_or(0.0), 0))).collect();
    let (sv, en) = (
        format!("invånare få minst 5 minuter längre restid och {} kortare", l.int(*gain)),
        format!("inhabitants would travel at least 5 minutes longer and {} shorter", l.int(*gain)),
    );
    let mut s = format!(
        "{} {} {} {} {}",
        l.t("Om akutsjukhuset flyttade från", "If the acute hospital moved from"),
        crate::text::short_name(replaced),
        l.t("till Räppe skulle", "to Räppe,"),
        l.int(*lose),
        l.t(&sv, &en),
    );
    if !names.is_empty() {
        s += &format!("; {} {}", l.t("mest förlorar", "the largest losses are in"), join(l, &names));
    }
    s.push('.');
    Some(s)
}

/// The strategic nodes against their travel-time goals to the core.
fn nodes(l: &L, f: &Facts) -> Option<String> {
    let (met, total) = f.node_time_goals;
    if total == 0 {
        return None;
    }
    let core =
        if f.core.is_empty() { l.t("den regionala kärnan", "the regional core").to_string() } else { f.core.clone() };
    Some(match met {
        0 => format!(
            "{} {} {} {core} {}",
            l.t("Ingen av de", "None of the"),
            total,
            l.t("strategiska noderna når", "strategic nodes reaches"),
            l.t(
                "inom sitt restidsmål (median i morgonfönstret).",
                "within its travel-time goal (median in the morning window)."
            )
        ),
        m => format!(
            "{m} {} {total} {} {core} {}",
            l.t("av", "of"),
            l.t("strategiska noder når", "strategic nodes reach"),
            l.t(
                "inom sitt restidsmål (median i morgonfönstret).",
                "within their travel-time goal (median in the morning window)."
            )
        ),
    })
}

/// Missing accessibility information, when it is most of the stops.
fn wheelchair(l: &L, f: &Facts) -> Option<String> {
    (f.wheelchair_unknown >= 0.25).then(|| {
        format!(
            "{} {} {}",
            l.t("För", "For"),
            l.pct(f.wheelchair_unknown),
            l.t(
                "av hållplatserna saknar tidtabellen uppgift om tillgänglighetsanpassning.",
                "of the stops the timetable has no information on wheelchair accessibility."
            )
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::text::Lang;

    /// Three municipalities, worked by hand.
    fn facts() -> Facts {
        Facts {
            // A: 40 % against 85 % (45 points short); B: 80 % against 85 % (5 short); C: 90 % ≥ 85 %.
            municipality_goals: vec![
                ("Alfa".into(), 0.85, Some(0.40)),
                ("Beta".into(), 0.85, Some(0.80)),
                ("Gamma".into(), 0.85, Some(0.90)),
            ],
            // Eligible: Alfa 600 of 1 000 (60 %), Beta 2 000 of 10 000 (20 %), Gamma 0 of 500.
            eligible: vec![("Alfa".into(), 1000, 600), ("Beta".into(), 10_000, 2000), ("Gamma".into(), 500, 0)],
            // Within 45 min of a vårdcentral: Alfa 0 of 1 000 (none listed), Beta 5 000 of 10 000,
            // Gamma 500 of 500; county 5 500 of 11 500 = 47.8 %.
            vardcentral_45: vec![
                ("Alfa".into(), 1000, 0, 0),
                ("Beta".into(), 10_000, 5000, 3),
                ("Gamma".into(), 500, 500, 1),
            ],
            rappe: Some((
                "Centrallasarettet Växjö (Växjö sjukhus)".into(),
                300,
                4000,
                vec![("Alfa".into(), Some(12.4)), ("Beta".into(), Some(2.0)), ("Gamma".into(), Some(-8.0))],
            )),
            node_time_goals: (1, 3),
            core: "Kärnby".into(),
            wheelchair_unknown: 0.74,
        }
    }

    #[test]
    fn findings_follow_the_numbers() {
        let f = findings(&L(Lang::Sv), &facts());
        assert_eq!(f.len(), 5, "{f:#?}");
        assert_eq!(
            f[0],
            "1 av 3 kommuner når sitt mål för grundläggande resmöjligheter. Längst från målet: Alfa (40,0 % mot målet 85,0 %) och Beta (80,0 % mot målet 85,0 %)."
        );
        // 2 600 of 11 500 = 22.6 %; most: Beta 2 000, Alfa 600; largest share Alfa 60 %.
        assert_eq!(
            f[1],
            "2 600 invånare (22,6 %) saknar grundläggande linjetrafik en vardag och har rätt till Glesbygdstrafik. Flest bor i Beta (2 000) och Alfa (600); störst andel har Alfa (60,0 %)."
        );
        assert_eq!(
            f[2],
            "Färst når en vårdcentral inom 45 minuter i Alfa (0,0 %, ingen vårdcentral i regionfilens lista) och Beta (50,0 %) mot 47,8 % i hela länet."
        );
        // Only Alfa loses 5 minutes or more on average.
        assert_eq!(
            f[3],
            "Om akutsjukhuset flyttade från Centrallasarettet Växjö till Räppe skulle 4 000 invånare få minst 5 minuter längre restid och 300 kortare; mest förlorar Alfa (+12 min)."
        );
        assert_eq!(f[4], "1 av 3 strategiska noder når Kärnby inom sitt restidsmål (median i morgonfönstret).");

        // All goals met, nobody eligible, no scenario, no node goals: the wording follows.
        let mut g = facts();
        g.municipality_goals.iter_mut().for_each(|m| m.2 = Some(0.9));
        g.eligible.iter_mut().for_each(|e| e.2 = 0);
        g.rappe = None;
        g.node_time_goals = (0, 0);
        let f = findings(&L(Lang::En), &g);
        assert_eq!(f[0], "3 of 3 municipalities reach their goal for basic service.");
        assert_eq!(
            f[1],
            "0 inhabitants (0.0 %) lack basic line service on a weekday and are eligible for Glesbygdstrafik."
        );
        assert!(f[2].starts_with("The fewest reach a vårdcentral within 45 minutes in Alfa (0.0 %, no vårdcentral"));
        assert_eq!(f[3], "For 74.0 % of the stops the timetable has no information on wheelchair accessibility.");
        assert_eq!(f.len(), 4);
        // Nothing measured: no findings at all, rather than made-up ones.
        assert!(findings(&L(Lang::Sv), &Facts::default()).is_empty());
    }
}
