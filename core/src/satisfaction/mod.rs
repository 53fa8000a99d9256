//! Satisfaction (顾客满意): perception minus expectation, SERVQUAL, the five-gaps model, CSAT and
//! the satisfaction rate, NPS, the customer satisfaction index, importance–performance analysis,
//! key drivers (relative weights, Shapley values), the complaint iceberg and survey sample sizes.

mod csat;
mod csi;
mod disconfirmation;
mod gaps_model;
mod iceberg;
mod intervals;
mod ipa;
mod key_drivers;
pub(crate) mod means;
mod nps;
mod sample_size;
mod segments;
mod servqual;
mod weights;

pub use csat::{
    CsatOptions, ProportionDifference, RateOptions, Share, csat, csat_difference, csat_of, csat_with,
    satisfaction_rate, satisfaction_rate_difference, satisfaction_rate_of, satisfaction_rate_with,
};
pub use csi::{Csi, CsiEstimate, CsiOptions, CsiSums, Importance, OverallSums, Scale, csi, csi_from_sums, csi_survey};
pub use disconfirmation::{
    AttributeGap, Disconfirmation, DisconfirmationEstimate, DisconfirmationOptions, SatisfactionState, disconfirmation,
    disconfirmation_survey,
};
pub use gaps_model::{FiveGaps, GAP_NAMES, Gap, GapRatings, five_gaps};
pub use iceberg::{Iceberg, IcebergShares, complaint_iceberg};
pub use intervals::{MAX_RESAMPLES, MIN_RESAMPLES, NpsMethod, ProportionMethod};
pub use ipa::{Ipa, IpaEstimate, IpaImportance, IpaOptions, IpaQuadrant, ipa, ipa_survey};
pub use key_drivers::{DriverMethod, KeyDrivers, KeyDriversOptions, MAX_DRIVERS, MIN_DRIVERS, key_drivers};
pub use means::{
    Mean, MeanDifference, MeanOptions, MeanStream, MeanTrend, MeanVersusRest, mean_difference, mean_survey, mean_trend,
    mean_versus_rest,
};
pub use nps::{Nps, NpsDifference, NpsOptions, Score, nps, nps_difference, nps_of};
pub use sample_size::{SampleSize, SurveyOptions, margin_of_error, sample_size};
pub use segments::{
    BySegment, CategoryTest, Design, MAX_SEGMENTS, NpsTrend, Trend, VersusRest, csat_survey, nps_chi_square,
    nps_survey, nps_trend, nps_versus_rest, satisfaction_rate_survey,
};
pub use servqual::{
    Instrument, SERVQUAL_DIMENSIONS, Servqual, ServqualEstimate, ServqualOptions, ServqualSample, ServqualScore,
    TolerancePosition, ToleranceZone, ZoneOfTolerance, servqual, servqual_from_sums, servqual_survey,
    zone_of_tolerance,
};
pub use weights::{Margin, RakeOptions, Raked, rake};
