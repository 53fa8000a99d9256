//! summary_from_transactions on arbitrary logs, periods and options: an error or a summary,
//! never a panic.
#![no_main]

use custometrics::retention::{Period, SummaryOptions, summary_from_transactions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let words: Vec<i64> = data
        .chunks(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            i64::from_le_bytes(b)
        })
        .collect();
    if words.len() < 4 {
        return;
    }
    let (head, rows) = words.split_at(4);
    let period = Period::new(head[0], head[1]).unwrap_or(Period::DAY);
    let options = SummaryOptions::default()
        .with_period(period)
        .with_observation_end((head[2] % 3 != 0).then_some(head[2]))
        .with_calibration_end((head[3] % 2 == 0).then_some(head[3]))
        .with_freq_multiplier(f64::from((head[3] % 5) as i32))
        .with_include_first_transaction(head[3] % 7 == 0);
    let customers: Vec<u64> = rows.iter().map(|w| (*w as u64) % 5).collect();
    let times: Vec<i64> = rows.iter().map(|w| w.rotate_left(17) % 100_000_000 * ((w & 1) * 2 - 1)).collect();
    let values: Vec<f64> = rows.iter().map(|w| f64::from_bits(*w as u64)).collect();
    let _ = summary_from_transactions(&customers, &times, Some(&values), &options);
    let _ = summary_from_transactions(&customers, &times, None, &options);
    let period_only = SummaryOptions::default().with_period(period);
    let _ = summary_from_transactions(&customers, rows, None, &period_only);
});
