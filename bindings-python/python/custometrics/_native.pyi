# Type stubs of the extension module. The public, documented API is in satisfaction.py, trust.py,
# loyalty.py, tiers.py and retention/; these functions return plain dicts (money as decimal
# strings, per-customer outputs as numpy arrays) that those modules wrap.
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, TypedDict, final

import numpy as np
from numpy.typing import ArrayLike, NDArray

__version__: str

class CustometricsError(ValueError):
    code: str
    field: Optional[str]
    index: Optional[int]

class NotFiniteError(CustometricsError): ...
class OutOfRangeError(CustometricsError): ...
class EmptyInputError(CustometricsError): ...
class LengthMismatchError(CustometricsError): ...
class DivisionByZeroError(CustometricsError): ...
class InvalidInputError(CustometricsError): ...
class DivergesError(CustometricsError): ...
class DidNotConvergeError(CustometricsError):
    last_iterate: List[float]

_Groups = Optional[List[Tuple[str, List[int]]]]
# a (low, high) pair; the Python layer passes tuple(...) of what it was given and the extension
# refuses a tuple of another length
_Pair = Tuple[float, ...]
_NanPolicy = Literal["raise", "omit", "propagate"]
# float64 arrays the extension builds (per-customer outputs); lists elsewhere are the core's
# serialised vectors
_NDArray = NDArray[Any]

# Every options dict below is read into the core's options type named in its comment; a key left
# out or None is the core's default (option_defaults()), an unknown key an error.
def option_defaults() -> Dict[str, Dict[str, Any]]: ...

# ---- satisfaction -----------------------------------------------------------------------------
_NpsMethod = Literal["wald", "adjusted_wald", "bootstrap", "bayes"]
_ProportionMethod = Literal["wilson", "agresti_coull", "clopper_pearson", "wald"]

class _NpsOptions(TypedDict, total=False):  # NpsOptions
    confidence: float
    nan_policy: _NanPolicy
    method: _NpsMethod
    prior: float
    threshold: float
    resamples: int
    seed: int

class _NpsCountOptions(TypedDict, total=False):  # NpsOptions without nan_policy
    confidence: float
    method: _NpsMethod
    prior: float
    threshold: float
    resamples: int
    seed: int

class _NpsDifferenceOptions(TypedDict, total=False):  # NpsOptions: the confidence and NaN policy
    confidence: float
    nan_policy: _NanPolicy

class _NanPolicyOptions(TypedDict, total=False):  # NpsOptions: the NaN policy alone
    nan_policy: _NanPolicy

class _RateOptions(TypedDict, total=False):  # RateOptions
    nan_policy: _NanPolicy
    method: _ProportionMethod
    confidence: float

class _CsatOptions(TypedDict, total=False):  # CsatOptions
    scale_points: int
    top_k: int
    nan_policy: _NanPolicy
    method: _ProportionMethod
    confidence: float

class _DisconfirmationOptions(TypedDict, total=False):  # DisconfirmationOptions without scale and confidence
    importance: Optional[ArrayLike]
    delight_margin: float

class _DisconfirmationSurveyOptions(TypedDict, total=False):  # DisconfirmationOptions
    importance: Optional[ArrayLike]
    delight_margin: float
    scale: _Pair
    confidence: float

class _ServqualOptions(TypedDict, total=False):  # ServqualOptions without scale and confidence, and the instrument's dimensions
    importance: Optional[ArrayLike]
    dimensions: _Groups

class _ServqualSurveyOptions(TypedDict, total=False):  # ServqualOptions, and the instrument's dimensions
    importance: Optional[ArrayLike]
    dimensions: _Groups
    scale: _Pair
    confidence: float

class _CsiOptions(TypedDict, total=False):  # CsiOptions without confidence
    scale: _Pair
    importance: Optional[ArrayLike]
    overall: Optional[ArrayLike]

class _CsiSurveyOptions(TypedDict, total=False):  # CsiOptions
    scale: _Pair
    importance: Optional[ArrayLike]
    overall: Optional[ArrayLike]
    confidence: float

class _CsiSumsOptions(TypedDict, total=False):  # CsiOptions' scale and importance, and the overall rating's sums
    scale: _Pair
    importance: Optional[ArrayLike]
    sum_squares: Optional[ArrayLike]
    overall_sum: Optional[float]
    overall_sum_squares: Optional[float]
    cross: Optional[ArrayLike]

_DriverMethod = Literal["relative_weights", "shapley"]

class _KeyDriversOptions(TypedDict, total=False):  # KeyDriversOptions
    method: _DriverMethod
    nan_policy: _NanPolicy
    resamples: Optional[int]
    confidence: float
    seed: int

class _IpaOptions(TypedDict, total=False):  # IpaOptions without scale and confidence
    importance_cut: Optional[float]
    performance_cut: Optional[float]

class _IpaSurveyOptions(TypedDict, total=False):  # IpaOptions, and derived importance's overall ratings and method
    importance_cut: Optional[float]
    performance_cut: Optional[float]
    scale: _Pair
    confidence: float
    overall: Optional[ArrayLike]
    method: _DriverMethod

class _IcebergOptions(TypedDict, total=False):  # IcebergShares (formal, voiced, silent)
    formal_share: float
    voiced_share: float
    silent_share: float

class _SurveyOptions(TypedDict, total=False):  # SurveyOptions
    confidence: float
    proportion: float
    population: Optional[int]

class _MarginOfErrorOptions(TypedDict, total=False):  # SurveyOptions without proportion
    confidence: float
    population: Optional[int]

class _Nps(TypedDict):
    score: float
    promoters: int
    passives: int
    detractors: int
    n: int
    std_error: float
    ci_low: float
    ci_high: float
    confidence: float
    method: _NpsMethod
    effective_n: float
    prob_above: Optional[float]
    note: Optional[str]

class _RakeOptions(TypedDict, total=False):  # RakeOptions
    max_iterations: int
    tolerance: float

class _Raked(TypedDict):
    weights: List[float]
    iterations: int
    converged: bool
    max_gap: float
    effective_n: float

class _NpsBySegment(TypedDict):
    segments: List[Optional[_Nps]]
    total: _Nps

class _ShareBySegment(TypedDict):
    segments: List[Optional[_Share]]
    total: _Share

class _VersusRest(TypedDict):
    score: float
    rest_score: float
    difference: float
    std_error: float
    p_value: float
    p_holm: float
    ci_low: float
    ci_high: float

class _VersusRestBySegment(TypedDict):
    segments: List[Optional[_VersusRest]]

class _ProportionDifference(TypedDict):
    a: _Share
    b: _Share
    difference: float
    std_error: float
    z: float
    p_value: float
    ci_low: float
    ci_high: float

class _NpsTrend(TypedDict):
    periods: List[Optional[_Nps]]
    slope: float
    std_error: float
    t: Optional[float]
    dof: float
    p_value: float
    ci_low: float
    ci_high: float

class _CategoryTest(TypedDict):
    statistic: float
    dof: int
    p_value: float
    cramers_v: float
    n: int
    segments: int
    min_expected: float

class _NpsDifference(TypedDict):
    a: _Nps
    b: _Nps
    difference: float
    std_error: float
    z: float
    p_value: float
    ci_low: float
    ci_high: float

class _Share(TypedDict):
    share: float
    percent: float
    count: int
    n: int
    std_error: float
    ci_low: float
    ci_high: float
    confidence: float
    method: _ProportionMethod
    effective_n: float
    note: Optional[str]

_State = Literal["dissatisfied", "satisfied", "delighted"]

class _AttributeGap(TypedDict):
    perception: float
    expectation: float
    gap: float
    state: _State

class _Disconfirmation(TypedDict):
    attributes: List[_AttributeGap]
    importance: List[float]
    overall_gap: float
    overall_state: _State

class _DisconfirmationEstimate(TypedDict):
    gaps: List[_Mean]
    states: List[_State]
    overall_gap: _Mean
    overall_state: _State
    importance: List[float]

class _DisconfirmationBySegment(TypedDict):
    segments: List[Optional[_DisconfirmationEstimate]]
    total: _DisconfirmationEstimate

class _ServqualScore(TypedDict):
    dimension_gaps: List[float]
    unweighted: float
    weighted: Optional[float]

class _ServqualSample(TypedDict):
    dimensions: List[str]
    item_gaps: List[float]
    sample: _ServqualScore

class _ServqualEstimate(TypedDict):
    dimensions: List[str]
    dimension_gaps: List[_Mean]
    unweighted: _Mean
    weighted: Optional[_Mean]

class _ServqualBySegment(TypedDict):
    segments: List[Optional[_ServqualEstimate]]
    total: _ServqualEstimate

class _Servqual(TypedDict):
    dimensions: List[str]
    item_gaps: List[float]
    sample: _ServqualScore
    respondents: List[_ServqualScore]

class _ToleranceZone(TypedDict):
    adequate: float
    desired: float
    perceived: float
    adequacy_gap: float
    superiority_gap: float
    width: float
    position: Literal["below", "within", "above"]

class _ZoneOfTolerance(TypedDict):
    dimensions: List[str]
    items: List[_ToleranceZone]
    by_dimension: List[_ToleranceZone]

class _Gap(TypedDict):
    number: int
    name: str
    reference_mean: float
    achieved_mean: float
    gap: float
    n: int

class _FiveGaps(TypedDict):
    gaps: List[Optional[_Gap]]
    largest_shortfall: Optional[int]

class _MeanOptions(TypedDict, total=False):  # MeanOptions
    confidence: float
    nan_policy: _NanPolicy

class _MeanDifference(TypedDict):
    a: _Mean
    b: _Mean
    difference: float
    std_error: float
    dof: float
    p_value: float
    ci_low: float
    ci_high: float
    confidence: float
    note: Optional[str]

class _MeanVersusRest(TypedDict):
    test: _MeanDifference
    p_holm: float

class _MeanVersusRestBySegment(TypedDict):
    segments: List[Optional[_MeanVersusRest]]

class _MeanTrend(TypedDict):
    periods: List[Optional[_Mean]]
    slope: float
    std_error: float
    t: Optional[float]
    dof: float
    p_value: float
    ci_low: float
    ci_high: float

class _CsiEstimate(TypedDict):
    index: _Mean
    attributes: List[_Mean]
    importance: List[float]

class _CsiBySegment(TypedDict):
    segments: List[Optional[_CsiEstimate]]
    total: _CsiEstimate

class _Csi(TypedDict):
    index: float
    attribute_means: List[float]
    attribute_indexes: List[float]
    importance: List[float]
    correlations: Optional[List[float]]

class _KeyDrivers(TypedDict):
    method: _DriverMethod
    importance: List[float]
    rescaled: List[float]
    r_squared: float
    n: int
    ci_low: Optional[List[float]]
    ci_high: Optional[List[float]]
    skipped_resamples: Optional[int]

class _Ipa(TypedDict):
    importance_cut: float
    performance_cut: float
    quadrants: List[Literal["concentrate_here", "keep_up_the_good_work", "low_priority", "possible_overkill"]]

class _IpaEstimate(TypedDict):
    performance: List[_Mean]
    importance: List[float]
    importance_intervals: Optional[List[_Mean]]
    r_squared: Optional[float]
    importance_cut: float
    performance_cut: float
    quadrants: List[Literal["concentrate_here", "keep_up_the_good_work", "low_priority", "possible_overkill"]]

class _IpaBySegment(TypedDict):
    segments: List[Optional[_IpaEstimate]]
    total: _IpaEstimate

class _Iceberg(TypedDict):
    dissatisfied: float
    formal: float
    voiced: float
    silent: float
    word_of_mouth_reach: float

class _SampleSize(TypedDict):
    n: int
    n_infinite: float
    z: float

def nps(scores: ArrayLike, given: Optional[_NpsOptions]) -> _Nps: ...
def nps_from_counts(promoters: int, passives: int, detractors: int, given: Optional[_NpsCountOptions]) -> _Nps: ...
def nps_difference(scores_a: ArrayLike, scores_b: ArrayLike, given: Optional[_NpsDifferenceOptions]) -> _NpsDifference: ...
def csat(responses: ArrayLike, given: Optional[_CsatOptions]) -> _Share: ...
def satisfaction_rate(ratings: ArrayLike, threshold: float, given: Optional[_RateOptions]) -> _Share: ...
def csat_difference(responses_a: ArrayLike, responses_b: ArrayLike, given: Optional[_CsatOptions]) -> _ProportionDifference: ...
def satisfaction_rate_difference(ratings_a: ArrayLike, ratings_b: ArrayLike, threshold: float, given: Optional[_RateOptions]) -> _ProportionDifference: ...
def rake(margins: Sequence[Tuple[ArrayLike, ArrayLike]], base: Optional[ArrayLike], given: Optional[_RakeOptions]) -> _Raked: ...
def nps_survey(scores: ArrayLike, weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_NpsOptions]) -> _NpsBySegment: ...
def nps_versus_rest(scores: ArrayLike, weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_NpsDifferenceOptions]) -> _VersusRestBySegment: ...
def nps_trend(scores: ArrayLike, weights: Optional[ArrayLike], periods: Optional[ArrayLike], n_periods: Optional[int], given: Optional[_NpsDifferenceOptions]) -> _NpsTrend: ...
def nps_chi_square(scores: ArrayLike, weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_NanPolicyOptions]) -> _CategoryTest: ...
def csat_survey(responses: ArrayLike, weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_CsatOptions]) -> _ShareBySegment: ...
def satisfaction_rate_survey(ratings: ArrayLike, threshold: float, weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_RateOptions]) -> _ShareBySegment: ...
def disconfirmation(perception: ArrayLike, expectation: ArrayLike, given: Optional[_DisconfirmationOptions]) -> _Disconfirmation: ...
def disconfirmation_survey(perceptions: ArrayLike, expectations: ArrayLike, weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_DisconfirmationSurveyOptions]) -> _DisconfirmationBySegment: ...
def servqual(expectations: ArrayLike, perceptions: ArrayLike, given: Optional[_ServqualOptions]) -> _Servqual: ...
def servqual_survey(expectations: ArrayLike, perceptions: ArrayLike, weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_ServqualSurveyOptions]) -> _ServqualBySegment: ...
def zone_of_tolerance(adequate: ArrayLike, desired: ArrayLike, perceived: ArrayLike, dimensions: _Groups) -> _ZoneOfTolerance: ...
def five_gaps(pairs: Sequence[Optional[Tuple[ArrayLike, ArrayLike]]]) -> _FiveGaps: ...
def csi(ratings: ArrayLike, given: Optional[_CsiOptions]) -> _Csi: ...
def csi_survey(ratings: ArrayLike, weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_CsiSurveyOptions]) -> _CsiBySegment: ...
def mean_difference(a: ArrayLike, b: ArrayLike, scale: _Pair, weights_a: Optional[ArrayLike], weights_b: Optional[ArrayLike], given: Optional[_MeanOptions]) -> _MeanDifference: ...
def mean_survey(values: ArrayLike, scale: _Pair, weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_MeanOptions]) -> _MeanBySegment: ...
def mean_versus_rest(values: ArrayLike, scale: _Pair, weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_MeanOptions]) -> _MeanVersusRestBySegment: ...
def mean_trend(values: ArrayLike, scale: _Pair, weights: Optional[ArrayLike], periods: Optional[ArrayLike], n_periods: Optional[int], given: Optional[_MeanOptions]) -> _MeanTrend: ...
def csi_from_sums(n: int, sum: ArrayLike, given: Optional[_CsiSumsOptions]) -> _Csi: ...
def servqual_from_sums(n: int, item_gap_sums: ArrayLike, given: Optional[_ServqualOptions]) -> _ServqualSample: ...
def key_drivers(overall: ArrayLike, attributes: ArrayLike, given: Optional[_KeyDriversOptions]) -> _KeyDrivers: ...
def ipa(importance: ArrayLike, performance: ArrayLike, given: Optional[_IpaOptions]) -> _Ipa: ...
def ipa_survey(performance: ArrayLike, importance: Optional[ArrayLike], weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_IpaSurveyOptions]) -> _IpaBySegment: ...
def complaint_iceberg(formal_complaints: float, people_told: float, given: Optional[_IcebergOptions]) -> _Iceberg: ...
def sample_size(margin: float, given: Optional[_SurveyOptions]) -> _SampleSize: ...
def margin_of_error(proportion: float, n: int, given: Optional[_MarginOfErrorOptions]) -> float: ...

# ---- trust ------------------------------------------------------------------------------------
class _TrustOptions(TypedDict, total=False):  # TrustOptions without confidence
    scale: _Pair
    nan_policy: _NanPolicy

class _TrustScaleOptions(TypedDict, total=False):  # TrustOptions without nan_policy, confidence
    scale: _Pair

class _TrustSurveyOptions(TypedDict, total=False):  # TrustOptions
    scale: _Pair
    nan_policy: _NanPolicy
    confidence: float

class _Mean(TypedDict):
    mean: float
    n: int
    effective_n: float
    std_error: float
    dof: float
    ci_low: float
    ci_high: float
    confidence: float
    note: Optional[str]

class _MeanBySegment(TypedDict):
    segments: List[Optional[_Mean]]
    total: _Mean

class _TrustSensitivity(TypedDict):
    score: float
    d_numerator: float
    d_self_orientation: float
    gains: Tuple[float, float, float, float]  # C, R, I, S
    best_lever: Optional[str]

class _SampleSensitivity(TypedDict):
    mean_gains: Tuple[float, float, float, float]
    best_lever_counts: Tuple[int, int, int, int]
    best_lever: Optional[str]
    n: int

class _TrustAggregate(TypedDict):
    mean_of_scores: float
    score_of_means: float
    mean_ratings: Tuple[float, float, float, float]
    sensitivity: _SampleSensitivity
    n: int

def trust_score(c: float, r: float, i: float, s: float, given: Optional[_TrustScaleOptions]) -> float: ...
def trust_scores(c: ArrayLike, r: ArrayLike, i: ArrayLike, s: ArrayLike, given: Optional[_TrustOptions]) -> np.ndarray: ...
def trust_over_raters(c: ArrayLike, r: ArrayLike, i: ArrayLike, s: ArrayLike, given: Optional[_TrustScaleOptions]) -> _TrustAggregate: ...
def trust_sensitivity(c: float, r: float, i: float, s: float, given: Optional[_TrustScaleOptions]) -> _TrustSensitivity: ...
def trust_survey(c: ArrayLike, r: ArrayLike, i: ArrayLike, s: ArrayLike, weights: Optional[ArrayLike], segments: Optional[ArrayLike], n_segments: Optional[int], given: Optional[_TrustSurveyOptions]) -> _MeanBySegment: ...

def invalid_input_error(field: str, index: Optional[int], value: str, expected: str) -> InvalidInputError: ...

# ---- retention economics: money arguments take a Decimal, int, float or decimal string (Money);
# money leaves as decimal strings
_Money = Any
_Timing = Literal["end", "start"]

class _ClvOptions(TypedDict, total=False):  # ClvOptions
    discount: float
    growth: float
    horizon: Optional[int]
    timing: _Timing

class _ClosedFormOptions(TypedDict, total=False):  # ClvOptions without growth and horizon
    discount: float
    timing: _Timing

class _Clv(TypedDict):
    gross: str
    acquisition_cost: str
    net: str
    margin_multiple: str

class _CohortValue(TypedDict):
    clv: str
    net_clv: str
    value: str

class _CustomerEquity(TypedDict):
    equity: str
    customers: int
    cohorts: List[_CohortValue]

class _RetentionImpact(TypedDict):
    retention_before: float
    retention_after: float
    clv_before: str
    clv_after: str
    difference: str
    ratio: Optional[float]
    relative_change: Optional[float]

class _BreakEvenSpend(TypedDict):
    clv_before: str
    clv_after: str
    per_period: str
    present_value: str

class _Payback(TypedDict):
    periods: Optional[int]
    simple_periods: Optional[float]
    clv: str

def churn_from_retention(retention: float) -> float: ...
def retention_from_churn(churn: float) -> float: ...
def convert_retention(retention: float, from_length: float, to_length: float) -> float: ...
def convert_churn(churn: float, from_length: float, to_length: float) -> float: ...
def expected_lifetime(retention: float) -> float: ...
def clv_closed_form(margin: _Money, retention: float, given: Optional[_ClosedFormOptions]) -> str: ...
def clv(margin: _Money, retention: float, acquisition_cost: _Money, given: Optional[_ClvOptions]) -> _Clv: ...
def clv_many(margins: ArrayLike, retention: ArrayLike, given: Optional[_ClvOptions]) -> np.ndarray: ...
def customer_equity(cohorts: List[Tuple[float, _Money, float, _Money, float]], given: Optional[_ClvOptions]) -> _CustomerEquity: ...
def retention_impact(margin: _Money, retention: float, change: float, given: Optional[_ClvOptions]) -> _RetentionImpact: ...
def cost_ratio(acquisition_cost: _Money, retention_cost: _Money) -> float: ...
def break_even_retention_spend(margin: _Money, retention: float, lift: float, given: Optional[_ClvOptions]) -> _BreakEvenSpend: ...
def payback(acquisition_cost: _Money, margin: _Money, retention: float, given: Optional[_ClvOptions]) -> _Payback: ...

# ---- transaction log summary: ids as an int64/uint64 array or a list of str, times as the int64
# view of a datetime64 array with its units per second; the columns leave as numpy arrays
class _SummaryOptions(TypedDict, total=False):  # SummaryOptions, the period as lifetimes' freq code
    freq: str
    observation_end: Optional[int]
    calibration_end: Optional[int]
    freq_multiplier: float
    include_first_transaction: bool

class _TransactionSummary(TypedDict):
    customer_id: Any  # the ids: an int64 or uint64 array, or a list of str
    frequency: _NDArray
    recency: _NDArray
    T: _NDArray
    monetary_value: Optional[_NDArray]
    frequency_holdout: Optional[_NDArray]
    monetary_value_holdout: Optional[_NDArray]
    duration_holdout: Optional[_NDArray]

def summary_from_transactions(customers: Any, times: np.ndarray, units_per_second: int, values: Optional[ArrayLike], given: Optional[_SummaryOptions]) -> _TransactionSummary: ...

# ---- loyalty: classes leave as uint8 codes with their labels
DICK_BASU_CLASSES: Tuple[str, ...]
JONES_SASSER_CLASSES: Tuple[str, ...]
LOYALTY_MEASURES: Tuple[str, ...]
JONES_SASSER_QUADRANT: bytes

class _DickBasuOptions(TypedDict, total=False):  # DickBasuOptions
    attitude_threshold: Optional[float]
    patronage_threshold: Optional[float]

class _JonesSasserOptions(TypedDict, total=False):  # JonesSasserOptions, the scales as pairs
    satisfaction_scale: _Pair
    loyalty_scale: _Pair
    satisfaction_cut: float
    loyalty_cut: float
    apostle_satisfaction: float
    apostle_loyalty: float
    terrorist_satisfaction: float
    terrorist_loyalty: float

# DickBasuCells[int] and DickBasuCells[float] (one TypedDict each: a generic one's values would
# go unchecked)
class _DickBasuCounts(TypedDict):
    loyal: int
    latent: int
    spurious: int
    no_loyalty: int

class _DickBasuShares(TypedDict):
    loyal: float
    latent: float
    spurious: float
    no_loyalty: float

class _DickBasu(TypedDict):
    classes: _NDArray
    labels: List[str]
    counts: _DickBasuCounts
    shares: _DickBasuShares
    attitude_threshold: float
    patronage_threshold: float
    n: int

class _JonesSasserCounts(TypedDict):
    loyalist: int
    mercenary: int
    hostage: int
    defector: int
    apostle: int
    terrorist: int

class _JonesSasserShares(TypedDict):
    loyalist: float
    mercenary: float
    hostage: float
    defector: float
    apostle: float
    terrorist: float

class _JonesSasser(TypedDict):
    classes: _NDArray
    labels: List[str]
    counts: _JonesSasserCounts
    shares: _JonesSasserShares
    n: int

class _LoyaltyIndicators(TypedDict):
    customers: int
    active_previous: int
    active_current: int
    retained: int
    churned: int
    acquired: int
    repeat_customers: int
    retention_rate: float
    churn_rate: float
    acquisition_rate: float
    growth_rate: float
    repeat_purchase_rate: float
    mean_inter_purchase_time: Optional[float]

class _MeasureScore(TypedDict):
    measure: str
    score: float
    weight: float
    contribution: float

class _LoyaltyIndex(TypedDict):
    index: float
    measures: List[_MeasureScore]

def dick_basu(attitude: ArrayLike, patronage: ArrayLike, given: Optional[_DickBasuOptions]) -> _DickBasu: ...
def jones_sasser(satisfaction: ArrayLike, loyalty: ArrayLike, given: Optional[_JonesSasserOptions]) -> _JonesSasser: ...
def loyalty_indicators(previous: ArrayLike, current: ArrayLike, first_purchase: Optional[ArrayLike], last_purchase: Optional[ArrayLike]) -> _LoyaltyIndicators: ...
def loyalty_index(scores: ArrayLike, weights: ArrayLike) -> _LoyaltyIndex: ...
def normalised_score(value: float, worst: float, best: float) -> float: ...

# ---- tiers: tiers and scores leave as uint8 arrays, cell codes uint32, segments uint16; tier
# labels are any 1-D integer (or whole float) array; transitions are rows (lists of lists)
ABC_A: float
ABC_B: float
RFM_Q: int
CURRY_SHARES: List[float]
CURRY_TIERS: List[str]
CUSTOMER_PYRAMID_TIERS: List[str]
_Rows = Sequence[Sequence[float]]

class _AbcOptions(TypedDict, total=False):  # AbcOptions
    a: float
    b: float

class _CurryOptions(TypedDict, total=False):  # CurryOptions
    shares: ArrayLike

class _QuantileOptions(TypedDict, total=False):  # QuantileOptions
    q: int
    reverse: bool

class _RfmOptions(TypedDict, total=False):  # RfmOptions
    q: int

class _LorenzOptions(TypedDict, total=False):  # LorenzOptions
    points: int

class _ProjectOptions(TypedDict, total=False):  # ProjectOptions
    periods: int

class _MarkovClvOptions(TypedDict, total=False):  # MarkovClvOptions
    horizon: Optional[int]

class _RfmScores(TypedDict):
    r: _NDArray
    f: _NDArray
    m: _NDArray
    code: _NDArray
    q: int

class _RfmSegments(TypedDict):
    segment: _NDArray
    names: List[str]
    counts: List[int]

class _Lorenz(TypedDict):
    population_share: _NDArray
    value_share: _NDArray
    gini: float

class _TierShare(TypedDict):
    tier: int
    customers: int
    customer_share: float
    value: float
    value_share: float
    value_per_customer: Optional[float]

class _ProfitPyramid(TypedDict):
    tiers: List[_TierShare]
    customers: int
    total_value: float

class _Migration(TypedDict):
    n_tiers: int
    counts: List[int]
    from_totals: List[int]
    to_totals: List[int]
    probabilities: List[float]

class _TransitionMatrix(TypedDict):
    n_tiers: int
    probabilities: List[float]

def abc(values: ArrayLike, given: Optional[_AbcOptions]) -> np.ndarray: ...
def pyramid(values: ArrayLike, shares: ArrayLike) -> np.ndarray: ...
def curry(values: ArrayLike, given: Optional[_CurryOptions]) -> np.ndarray: ...
def quantile_scores(values: ArrayLike, given: Optional[_QuantileOptions]) -> np.ndarray: ...
def rfm_code(r: int, f: int, m: int, given: Optional[_RfmOptions]) -> int: ...
def rfm_scores(recency: ArrayLike, frequency: ArrayLike, monetary: ArrayLike, given: Optional[_RfmOptions]) -> _RfmScores: ...
def rfm_segments(r: ArrayLike, f: ArrayLike, m: ArrayLike, map: Optional[Mapping[str, Any]]) -> _RfmSegments: ...
def standard_segment_map() -> Dict[str, Any]: ...
def gini(values: ArrayLike) -> float: ...
def lorenz(values: ArrayLike, given: Optional[_LorenzOptions]) -> _Lorenz: ...
def profit_pyramid(values: ArrayLike, tiers: ArrayLike, n_tiers: float) -> _ProfitPyramid: ...
def migration(from_tiers: ArrayLike, to_tiers: ArrayLike, n_tiers: float) -> _Migration: ...
def transition_matrix(rows: _Rows) -> _TransitionMatrix: ...
def project(distribution: ArrayLike, transition_rows: _Rows, given: Optional[_ProjectOptions]) -> np.ndarray: ...
def steady_state(transition_rows: _Rows) -> np.ndarray: ...
def markov_clv(transition_rows: _Rows, margins: List[_Money], discount_rate: float, given: Optional[_MarkovClvOptions]) -> List[str]: ...

# fitted models: each class holds a core model validated once (by its constructor or fit) and is
# pickled by its parameters; predictions write float64 arrays (one customer given as numbers:
# scalar=True, an array of one). fit takes the options given and returns (model, the core's fit).
_F64 = NDArray[np.float64]

class _FitOptions(TypedDict, total=False):
    penalizer: float
    max_iterations: int
    tolerance: float
    initial: Optional[List[float]]
    require_convergence: bool

class _FitReport(TypedDict):
    log_likelihood: float
    objective: float
    penalizer: float
    iterations: int
    converged: bool
    gradient_norm: float
    termination: str
    covariance: List[Optional[float]]

class _Fit(TypedDict):
    model: Dict[str, float]
    std_errors: Dict[str, Optional[float]]
    report: _FitReport
    n_customers: float
    n_patterns: int

class _MatrixExtent(TypedDict):
    max_frequency: int
    max_recency: int

class _TransactionFit(_Fit):
    matrix_extent: _MatrixExtent

class _Model:
    def params(self) -> Dict[str, float]: ...
    def __getnewargs__(self) -> Tuple[float, ...]: ...

class _TransactionModel(_Model):
    @staticmethod
    def fit(frequency: ArrayLike, recency: ArrayLike, t: ArrayLike, weights: Optional[ArrayLike] = None, options: Optional[_FitOptions] = None) -> Tuple[Any, _TransactionFit]: ...
    def log_likelihood(self, frequency: ArrayLike, recency: ArrayLike, t: ArrayLike, weights: Optional[ArrayLike] = None) -> float: ...
    def probability_alive(self, frequency: ArrayLike, recency: ArrayLike, t: ArrayLike, scalar: bool = False, out: Optional[_F64] = None) -> _F64: ...
    def conditional_expected_transactions(self, horizon: float, frequency: ArrayLike, recency: ArrayLike, t: ArrayLike, scalar: bool = False, out: Optional[_F64] = None) -> _F64: ...
    def expected_transactions(self, t: ArrayLike, scalar: bool = False) -> _F64: ...
    def probability_of_transactions(self, t: float, n: ArrayLike, scalar: bool = False) -> _F64: ...
    def probability_alive_matrix(self, max_frequency: Optional[float] = None, max_recency: Optional[float] = None, fitted: Optional[Tuple[int, int]] = None) -> _F64: ...

@final
class BetaGeo(_TransactionModel):
    def __new__(cls, r: float, alpha: float, a: float, b: float) -> BetaGeo: ...

@final
class ModifiedBetaGeo(_TransactionModel):
    def __new__(cls, r: float, alpha: float, a: float, b: float) -> ModifiedBetaGeo: ...

@final
class ParetoNBD(_TransactionModel):
    def __new__(cls, r: float, alpha: float, s: float, beta: float) -> ParetoNBD: ...
    def conditional_probability_of_transactions(self, n: float, horizon: float, frequency: ArrayLike, recency: ArrayLike, t: ArrayLike, scalar: bool = False, out: Optional[_F64] = None) -> _F64: ...

@final
class BetaGeoBetaBinom(_Model):
    def __new__(cls, alpha: float, beta: float, gamma: float, delta: float) -> BetaGeoBetaBinom: ...
    @staticmethod
    def fit(frequency: ArrayLike, recency: ArrayLike, n_periods: ArrayLike, weights: Optional[ArrayLike] = None, options: Optional[_FitOptions] = None) -> Tuple[BetaGeoBetaBinom, _Fit]: ...
    def log_likelihood(self, frequency: ArrayLike, recency: ArrayLike, n_periods: ArrayLike, weights: Optional[ArrayLike] = None) -> float: ...
    def probability_alive(self, m_periods_in_future: float, frequency: ArrayLike, recency: ArrayLike, n_periods: ArrayLike, scalar: bool = False, out: Optional[_F64] = None) -> _F64: ...
    def conditional_expected_transactions(self, m_periods_in_future: float, frequency: ArrayLike, recency: ArrayLike, n_periods: ArrayLike, scalar: bool = False, out: Optional[_F64] = None) -> _F64: ...
    def expected_transactions(self, n_periods: ArrayLike, scalar: bool = False) -> _F64: ...
    def probability_of_transactions(self, n_periods: float, x: ArrayLike, scalar: bool = False) -> _F64: ...

class _ModelClvOptions(TypedDict, total=False):  # ModelClvOptions under lifetimes' names
    time: int
    discount_rate: float
    freq: str

class _SpendIndependence(TypedDict):
    correlation: float
    p_value: float
    n: int

@final
class GammaGamma(_Model):
    def __new__(cls, p: float, q: float, v: float) -> GammaGamma: ...
    @staticmethod
    def fit(frequency: ArrayLike, monetary_value: ArrayLike, weights: Optional[ArrayLike] = None, options: Optional[_FitOptions] = None) -> Tuple[GammaGamma, _Fit]: ...
    def log_likelihood(self, frequency: ArrayLike, monetary_value: ArrayLike, weights: Optional[ArrayLike] = None) -> float: ...
    def conditional_expected_average_profit(self, frequency: ArrayLike, monetary_value: ArrayLike, scalar: bool = False, out: Optional[_F64] = None) -> _F64: ...
    @staticmethod
    def independence_check(frequency: ArrayLike, monetary_value: ArrayLike) -> _SpendIndependence: ...
    def customer_lifetime_value(self, transaction_model: _TransactionModel, frequency: ArrayLike, recency: ArrayLike, t: ArrayLike, monetary_value: ArrayLike, given: Optional[_ModelClvOptions] = None, out: Optional[_F64] = None) -> _F64: ...

@final
class ShiftedBetaGeo(_Model):
    def __new__(cls, alpha: float, beta: float) -> ShiftedBetaGeo: ...
    @staticmethod
    def fit(survivors: ArrayLike, options: Optional[_FitOptions] = None) -> Tuple[ShiftedBetaGeo, _Fit]: ...
    def log_likelihood(self, survivors: ArrayLike) -> float: ...
    def survival(self, t: ArrayLike, scalar: bool = False) -> _F64: ...
    def retention_rate(self, t: ArrayLike, scalar: bool = False) -> _F64: ...
    def churn_probability(self, t: ArrayLike, scalar: bool = False) -> _F64: ...
    def survival_curve(self, periods: float) -> _F64: ...
    def retention_curve(self, periods: float) -> _F64: ...
    def expected_survivors(self, cohort_size: float, periods: float) -> _F64: ...
    def del_(self, discount: float) -> float: ...
    def derl(self, discount: float, renewals: ArrayLike, scalar: bool = False) -> _F64: ...
    def expected_clv(self, margin: _Money, discount: float) -> str: ...
    def expected_residual_value(self, margin: _Money, discount: float, renewals: float) -> str: ...

# ---- assessment instruments: data and results as the core serialises them
class _OrientationOptions(TypedDict, total=False):  # OrientationOptions
    nan_policy: Optional[_NanPolicy]
    max_missing: Optional[float]
    confidence: Optional[float]
    low_answer: Optional[int]

class _ExcellenceOptions(TypedDict, total=False):  # ExcellenceOptions
    disagreement: Optional[float]
    nan_policy: Optional[_NanPolicy]

class _DecisionOptions(TypedDict, total=False):  # DecisionOptions
    criteria: Optional[List[str]]
    alternatives: Optional[List[str]]
    cost: Optional[List[bool]]
    normalise: Optional[Literal["none", "min_max", "vector"]]
    nan_policy: Optional[_NanPolicy]

class _AhpOptions(TypedDict, total=False):  # AhpOptions
    reciprocal_tolerance: Optional[float]

class _Ahp(TypedDict):
    weights: List[float]
    lambda_max: float
    ci: float
    random_index: Optional[float]
    cr: Optional[float]
    inconsistent: bool
    iterations: int

class _AnswerScale(TypedDict):
    low: int
    high: int
    low_label: _Text
    high_label: _Text

class _Category(TypedDict):
    id: str
    name: _Text
    statements: List[_Statement]

class _CategoryResult(TypedDict):
    category: str
    points: float
    earned: float
    share: float

class _CategoryScore(TypedDict):
    category: str
    total: float
    max: float
    share: float
    answered: int

class _CategoryStats(TypedDict):
    category: str
    n: int
    mean_share: Optional[float]
    sd: Optional[float]
    std_error: Optional[float]
    ci_low: Optional[float]
    ci_high: Optional[float]
    rwg: Optional[float]

class _Decision(TypedDict):
    criteria: List[str]
    alternatives: List[str]
    weights: List[float]
    normalised: List[List[float]]
    totals: List[float]
    ranks: List[Optional[int]]
    order: List[int]
    best: List[int]
    margin: Optional[float]
    excluded: List[int]
    sensitivity: List[_WeightSensitivity]

class _Excellence(TypedDict):
    examiners: List[_ScoreSheet]
    units: List[_UnitConsensus]
    consensus: _ScoreSheet
    consensus_mean: _ScoreSheet
    disagreements: List[int]

class _Frame(TypedDict):
    id: str
    title: _Text
    categories: List[_FrameCategory]

class _FrameCategory(TypedDict):
    id: str
    name: _Text
    points: float
    kind: Literal["process", "results"]
    items: List[_FrameItem]

class _FrameItem(TypedDict):
    id: str
    name: _Text
    points: float

class _GroupGap(TypedDict):
    a: str
    b: str
    categories: List[_ShareDifference]
    overall: _ShareDifference

class _GroupStats(TypedDict):
    group: str
    n: int
    excluded: int
    categories: List[_CategoryStats]
    overall: _CategoryStats

class _Instrument(TypedDict):
    id: str
    title: _Text
    scale: _AnswerScale
    categories: List[_Category]

class _Orientation(TypedDict):
    categories: List[str]
    respondents: List[Optional[_RespondentScore]]
    excluded: List[int]
    all: _GroupStats
    groups: List[_GroupStats]
    gaps: List[_GroupGap]

class _RespondentScore(TypedDict):
    categories: List[_CategoryScore]
    total: float
    max: float
    share: float
    weakest_first: List[int]
    low_items: List[int]
    missing: int

class _ScoreSheet(TypedDict):
    units: List[_UnitScore]
    categories: List[_CategoryResult]
    total: float
    points: float
    priorities: List[int]
    missing: int

class _ShareDifference(TypedDict):
    category: str
    difference: Optional[float]
    std_error: Optional[float]
    df: Optional[float]
    t: Optional[float]
    p_value: Optional[float]
    ci_low: Optional[float]
    ci_high: Optional[float]

class _Statement(TypedDict):
    id: str
    text: _Text

class _Text(TypedDict):
    en: str
    zh: str

class _UnitConsensus(TypedDict):
    unit: str
    n: int
    median: float
    mean: float
    min: float
    max: float
    range: float
    sd: Optional[float]
    disagree: bool

class _UnitScore(TypedDict):
    unit: str
    points: float
    percent: float
    band: Optional[int]
    earned: float
    lost: float

class _WeightSensitivity(TypedDict):
    criterion: str
    weight: float
    threshold: Optional[float]
    change: Optional[float]
    new_top: Optional[int]

def orientation_instrument() -> _Instrument: ...
def gbt19580_frame() -> _Frame: ...
def instrument_from_counts(categories: List[Tuple[str, float]], low: int, high: int) -> _Instrument: ...
def frame_with_items(frame_data: Dict[str, Any], category: str, items: List[Dict[str, Any]]) -> _Frame: ...
def orientation(answers: ArrayLike, columns: Optional[List[str]], instrument_data: Optional[Dict[str, Any]], groups: Optional[List[str]], given: Optional[_OrientationOptions]) -> _Orientation: ...
def excellence(scores: ArrayLike, columns: Optional[List[str]], frame_data: Optional[Dict[str, Any]], given: Optional[_ExcellenceOptions]) -> _Excellence: ...
def decision(scores: ArrayLike, weights: ArrayLike, given: Optional[_DecisionOptions]) -> _Decision: ...
def ahp(pairwise: ArrayLike, given: Optional[_AhpOptions]) -> _Ahp: ...
