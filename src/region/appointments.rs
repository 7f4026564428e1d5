//! `[appointments]` of the region file: per care kind, the appointment time or window, the slot
//! step and the stay, e.g. `vardcentral = { from = "09:00", to = "15:00", stay = "1h" }`.
//! Configuration only: typed and range-checked here, used by `analysis::appointments`.

use serde::Deserialize;

use super::CareKind;
use crate::date::{fmt_hm, parse_duration, parse_time};

/// One kind's appointment as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AppointmentToml {
    from: String,
    /// The last slot (absent: `from` only).
    to: Option<String>,
    /// Minutes between slots (default 15).
    step_min: Option<u32>,
    /// Time at the care node, e.g. "1h", "90m".
    stay: String,
}

/// One kind's appointment, validated: seconds since midnight, whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppointmentSetting {
    /// The first slot.
    pub from: u32,
    /// The last slot (≥ `from`).
    pub to: u32,
    /// Seconds between slots (1–240 min).
    pub step: u32,
    /// Seconds at the node (1 min – 12 h).
    pub stay: u32,
}

impl AppointmentSetting {
    /// The default slot step: 15 minutes.
    pub const DEFAULT_STEP_MIN: u32 = 15;

    /// "09:00–15:00" (or "09:00").
    pub fn window_text(&self) -> String {
        if self.from == self.to { fmt_hm(self.from) } else { format!("{}–{}", fmt_hm(self.from), fmt_hm(self.to)) }
    }
}

/// Checks one kind's settings; `err(field, message)` makes the error at `appointments.KIND.field`.
pub(super) fn check(
    a: &AppointmentToml,
    err: impl Fn(&str, String) -> super::RegionError,
) -> Result<AppointmentSetting, super::RegionError> {
    let short = |s: &str| s.chars().take(40).collect::<String>();
    let time = |field: &str, s: &str| {
        parse_time(s)
            .filter(|t| t % 60 == 0 && *t < 24 * 3600)
            .ok_or_else(|| err(field, format!("'{}' is not a time of day; give HH:MM from 00:00 to 23:59", short(s))))
    };
    let from = time("from", &a.from)?;
    let to = match &a.to {
        Some(t) => time("to", t)?,
        None => from,
    };
    if to < from {
        return Err(err(
            "to",
            format!("{} is before from ({}); give the window's last slot", fmt_hm(to), fmt_hm(from)),
        ));
    }
    let step_min = a.step_min.unwrap_or(AppointmentSetting::DEFAULT_STEP_MIN);
    if !(1..=240).contains(&step_min) {
        return Err(err("step_min", format!("{step_min} is not a slot step; give minutes from 1 to 240")));
    }
    let stay = parse_duration(&a.stay).filter(|s| (60..=12 * 3600).contains(s)).ok_or_else(|| {
        err(
            "stay",
            format!("'{}' is not a stay; give a duration from 1m to 12h, e.g. \"1h\" or \"90m\"", short(&a.stay)),
        )
    })?;
    Ok(AppointmentSetting { from, to, step: step_min * 60, stay })
}

/// The `[appointments]` table validated, in kind order.
pub(super) fn settings(
    raw: &std::collections::BTreeMap<CareKind, AppointmentToml>,
    err: impl Fn(&str, String) -> super::RegionError,
) -> Result<Vec<(CareKind, AppointmentSetting)>, super::RegionError> {
    raw.iter()
        .map(|(&kind, a)| {
            let key = match kind {
                CareKind::Vardcentral => "vardcentral",
                CareKind::AcuteHospital => "acute_hospital",
                CareKind::PlannedHospital => "planned_hospital",
            };
            Ok((kind, check(a, |field, m| err(&format!("appointments.{key}.{field}"), m))?))
        })
        .collect()
}
