//! Loyalty (顾客忠诚): the Dick & Basu matrix of attitude against repeat patronage, the Jones &
//! Sasser satisfaction–loyalty matrix, behavioural loyalty indicators over two periods, and a
//! weighted loyalty index over the seven measures of loyalty (忠诚度的衡量).
//!
//! The array functions take one element per customer and return one class per customer in
//! input order, with counts and shares per class.

mod dick_basu;
mod index;
mod indicators;
mod jones_sasser;

pub use dick_basu::{DickBasu, DickBasuCells, DickBasuClass, DickBasuOptions, dick_basu, dick_basu_of};
pub use index::{LoyaltyIndex, LoyaltyMeasure, MeasureScore, loyalty_index, normalised_score};
pub use indicators::{LoyaltyIndicators, loyalty_indicators};
pub use jones_sasser::{
    JonesSasser, JonesSasserCells, JonesSasserClass, JonesSasserOptions, jones_sasser, jones_sasser_of,
};
