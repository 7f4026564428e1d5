//! Progress bars on stderr for long work (hidden when stderr is not a terminal).

use indicatif::{ProgressBar, ProgressStyle};

/// A bar for `len` steps with a message, e.g. "restider".
pub fn bar(len: u64, msg: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(msg.to_string());
    pb
}

/// A bar whose length is learnt as the work goes, with the callback that moves it (for
/// `analysis` functions that report how much is done, such as reach's stops). Call
/// `finish_and_clear` on the bar when done.
pub fn counter(msg: &str) -> (ProgressBar, impl Fn(u64) + Sync + use<>) {
    let pb = bar(0, msg);
    let pbc = pb.clone();
    let tick = move |n| {
        pbc.set_length(pbc.length().unwrap_or(0).max(n));
        pbc.set_position(n)
    };
    (pb, tick)
}
