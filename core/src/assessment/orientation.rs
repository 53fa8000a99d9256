//! The customer-orientation self-assessment (客户导向公司特质自我测试): statements rated on a
//! 1–5 scale, grouped into categories whose result is their total over their maximum.
//!
//! The instrument is data ([`Instrument`]): the shipped 40-item form ([`ORIENTATION`]) and any
//! form a caller defines (other categories, item counts or scale) are scored by the same code.
//!
//! # Scoring
//! - A respondent's category total is the sum of its answers; its share is total / maximum,
//!   the maximum being items × the top of the scale (so a 1–5 scale's share is at least 1/5).
//!   The overall total and share are over all items (200 points on the 40-item form).
//! - A missing answer (NaN) follows [`NanPolicy`]: `raise` refuses it, `propagate` makes the
//!   category (and the overall score) NaN, `omit` prorates the category: its total is the mean
//!   of the answered items × its item count, i.e. its share is the answered items' mean over the
//!   top of the scale. Under `omit` a respondent missing more than
//!   [`OrientationOptions::max_missing`] of the items, or every item of a category, is left out
//!   of all figures and counted in [`Orientation::excluded`].
//! - Over respondents, per category and overall: the mean share, the sample standard deviation,
//!   the standard error and the Student-t confidence interval of the mean.
//! - Agreement within a group: r_wg(j) of James, Demaree & Wolf (1984), "Estimating within-group
//!   interrater reliability with and without response bias", J. Applied Psychology 69(1):
//!   r_wg(j) = J(1 − s̄²/σ²_EU) / (J(1 − s̄²/σ²_EU) + s̄²/σ²_EU), with J the category's items,
//!   s̄² the mean of its items' sample variances over the group's respondents and
//!   σ²_EU = (A² − 1)/12 the variance of a uniform answer over the A scale points. Where s̄² ≥
//!   σ²_EU (more spread than random answering) it is set to 0, as LeBreton & Senter (2008)
//!   recommend. 1 is full agreement; 0.7 is the customary threshold for "the group agrees".
//! - Gap between two groups: the difference of mean shares with Welch's t-test (unequal
//!   variances, Welch–Satterthwaite degrees of freedom), its two-sided p-value and confidence
//!   interval, for every pair of groups in order of first appearance. No correction for
//!   multiple comparisons is applied.

use super::Text;
use crate::error::{Error, Location, Result};
use crate::input::{self, Matrix, NanPolicy};
use crate::numerics::stats;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// One statement of a questionnaire.
///
/// ```
/// let s = &custometrics::assessment::ORIENTATION.categories[0].statements[0];
/// assert_eq!(s.id, "1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Identifier, unique within the instrument (the shipped form numbers them "1" to "40").
    pub id: String,
    /// The wording respondents rate.
    pub text: Text,
}

/// A category of statements.
///
/// ```
/// let c = &custometrics::assessment::ORIENTATION.categories[2];
/// assert_eq!((c.id.as_str(), c.statements.len()), ("find_and_fix_problems", 4));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Identifier, unique within the instrument.
    pub id: String,
    /// Its name.
    pub name: Text,
    /// Its statements, in questionnaire order.
    pub statements: Vec<Statement>,
}

/// The answer scale: whole numbers `low..=high`, with the wording of its two ends.
///
/// ```
/// let s = &custometrics::assessment::ORIENTATION.scale;
/// assert_eq!((s.low, s.high, s.points()), (1, 5, 5));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerScale {
    /// The lowest answer.
    pub low: u32,
    /// The highest answer.
    pub high: u32,
    /// What the lowest answer means.
    pub low_label: Text,
    /// What the highest answer means.
    pub high_label: Text,
}

impl AnswerScale {
    /// The number of scale points, `high − low + 1`.
    pub fn points(&self) -> u32 {
        self.high.saturating_sub(self.low).saturating_add(1)
    }
}

/// The most items (statements) [`Instrument::from_counts`] makes: far above any questionnaire
/// people answer (the shipped form has 40), low enough that building one is cheap.
pub const MAX_ITEMS: usize = 10_000;

/// A self-assessment questionnaire: a scale and categories of statements.
///
/// The fields are public so an app can render the form and a caller can write their own; every
/// scoring function checks the instrument with [`Instrument::validate`] first.
///
/// ```
/// use custometrics::assessment::ORIENTATION;
/// assert_eq!(ORIENTATION.items(), 40);
/// assert_eq!(ORIENTATION.maxima(), vec![35.0, 25.0, 20.0, 35.0, 20.0, 35.0, 30.0]);
/// assert_eq!(ORIENTATION.categories[0].name.zh, "文化与氛围");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    /// Identifier of the instrument.
    pub id: String,
    /// Its title.
    pub title: Text,
    /// The answer scale.
    pub scale: AnswerScale,
    /// The categories, in questionnaire order; answers come in this order of statements.
    pub categories: Vec<Category>,
}

/// The shipped 40-statement customer-orientation self-assessment ([`Instrument::orientation`]).
pub static ORIENTATION: LazyLock<Instrument> = LazyLock::new(Instrument::orientation);

/// A category of the shipped form as literals: id, English and Chinese name, and its
/// statements (English, Chinese).
type CategoryLiteral = (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str)]);

/// The seven categories of the shipped form. The wording is this library's own.
const ORIENTATION_CATEGORIES: [CategoryLiteral; 7] = [
    (
        "culture_and_climate",
        "Culture and climate",
        "文化与氛围",
        &[
            (
                "Our leaders talk about customers at least as often as about costs and sales figures.",
                "我们的领导谈论客户的次数不少于谈论成本和销售数字的次数。",
            ),
            (
                "Everyone here knows who our most important customers are and what they need.",
                "这里的每个人都知道谁是我们最重要的客户，以及他们需要什么。",
            ),
            (
                "Employees are recognised and rewarded for serving customers well.",
                "员工因出色地服务客户而得到认可和奖励。",
            ),
            (
                "When a customer's interest conflicts with internal convenience, the customer usually wins.",
                "当客户利益与内部便利发生冲突时，通常以客户利益为先。",
            ),
            (
                "Departments cooperate readily when a customer needs something that crosses their boundaries.",
                "当客户的需求跨越部门界限时，各部门乐于协作。",
            ),
            (
                "Our stated values say what we owe customers, and people act on them.",
                "我们公开的价值观写明了我们对客户的承诺，而且大家都照此行事。",
            ),
            (
                "New employees learn early how their work affects customers.",
                "新员工在入职初期就了解自己的工作如何影响客户。",
            ),
        ],
    ),
    (
        "being_with_customers",
        "Being with customers",
        "贴近客户",
        &[
            (
                "Managers spend time with customers regularly, not only when there is a problem.",
                "管理人员经常与客户接触，而不只是在出现问题时才去。",
            ),
            (
                "Staff who do not normally face customers visit or observe them at least once a year.",
                "平时不直接接触客户的员工每年至少拜访或观察客户一次。",
            ),
            (
                "We invite customers to take part in our planning and review meetings.",
                "我们邀请客户参加我们的规划和评审会议。",
            ),
            (
                "We know how customers actually use our products and services in their own setting.",
                "我们了解客户在自身环境中实际如何使用我们的产品和服务。",
            ),
            ("Customers can easily reach a person who is able to help them.", "客户可以方便地找到能够帮助他们的人。"),
        ],
    ),
    (
        "find_and_fix_problems",
        "Readiness to find and fix customer problems",
        "发现并解决客户问题的意愿",
        &[
            (
                "We make it easy for customers to complain and thank them when they do.",
                "我们让客户很容易提出投诉，并在他们投诉时表示感谢。",
            ),
            (
                "Complaints are resolved quickly, most of them at the first contact.",
                "投诉能够迅速得到解决，大多数在首次接触时即告解决。",
            ),
            (
                "We look for the root cause of a complaint so that it does not happen again.",
                "我们查找投诉的根本原因，防止问题再次发生。",
            ),
            ("We ask customers who have stopped buying why they left.", "我们询问已停止购买的客户离开的原因。"),
        ],
    ),
    (
        "customer_information",
        "Using and communicating customer information",
        "客户信息的使用与沟通",
        &[
            (
                "We measure customer satisfaction regularly with a consistent method.",
                "我们用一致的方法定期测量顾客满意度。",
            ),
            (
                "Survey and complaint results are shared with the staff whose work they concern.",
                "调查和投诉的结果会与相关岗位的员工共享。",
            ),
            (
                "We track how customer satisfaction changes over time and against competitors.",
                "我们跟踪顾客满意度随时间的变化以及与竞争对手的比较。",
            ),
            (
                "Customer information is kept in one place that every department can use.",
                "客户信息集中保存，各部门都可以使用。",
            ),
            (
                "Decisions on products, prices and service are backed by customer data.",
                "有关产品、价格和服务的决策以客户数据为依据。",
            ),
            (
                "We know which customers are most profitable and which are at risk of leaving.",
                "我们知道哪些客户最有价值，哪些客户有流失的风险。",
            ),
            (
                "What customers tell one department reaches the other departments that need to know.",
                "客户告诉某个部门的信息，会传达到需要知道的其他部门。",
            ),
        ],
    ),
    (
        "reaching_out",
        "Reaching out to customers",
        "主动接触客户",
        &[
            (
                "We contact customers after a purchase to learn how things went.",
                "我们在客户购买后主动联系，了解使用情况。",
            ),
            (
                "We tell customers in advance about changes, delays or problems that affect them.",
                "对于影响客户的变更、延误或问题，我们会提前告知客户。",
            ),
            (
                "We offer customers useful information and advice even when no sale follows.",
                "即使不会带来销售，我们也为客户提供有用的信息和建议。",
            ),
            (
                "We keep in touch with customers through the channels they prefer.",
                "我们通过客户偏好的渠道与他们保持联系。",
            ),
        ],
    ),
    (
        "capability_and_empowerment",
        "Capability and empowerment",
        "能力与授权",
        &[
            (
                "Front-line staff may solve a customer's problem on the spot without asking for approval.",
                "一线员工无需请示即可当场解决客户的问题。",
            ),
            ("Staff are trained in the skills they need to serve customers.", "员工接受过服务客户所需技能的培训。"),
            (
                "Staff have the information and tools to answer customers' questions.",
                "员工拥有回答客户问题所需的信息和工具。",
            ),
            (
                "Staff may spend money within a set limit to put things right for a customer.",
                "员工可以在规定额度内动用资金为客户弥补过失。",
            ),
            (
                "Mistakes made while trying to help a customer are treated as lessons, not punished.",
                "为帮助客户而犯的错误被视为经验教训，而不会受到惩罚。",
            ),
            (
                "We hire people for their attitude towards customers as well as for their skills.",
                "我们招聘员工时既看技能，也看其对待客户的态度。",
            ),
            (
                "Staff understand the standard of service they are expected to deliver.",
                "员工清楚自己应当达到的服务标准。",
            ),
        ],
    ),
    (
        "process_and_product_improvement",
        "Process and product improvement",
        "流程与产品改进",
        &[
            (
                "We regularly review our processes from the customer's point of view.",
                "我们定期从客户的角度审视我们的流程。",
            ),
            (
                "Customer feedback leads to visible changes in products and services.",
                "客户的反馈会给产品和服务带来看得见的改进。",
            ),
            (
                "We set service standards from what customers expect, not only from what is convenient for us.",
                "我们根据客户的期望，而不仅仅是自身的便利来制定服务标准。",
            ),
            (
                "We remove steps that add effort for customers but no value.",
                "我们去除那些增加客户负担却不创造价值的环节。",
            ),
            (
                "We test new products and services with customers before launch.",
                "新产品和服务在推出之前会先请客户试用。",
            ),
            (
                "We compare our service with the best companies, inside and outside our industry.",
                "我们把自己的服务与行业内外的最佳企业进行比较。",
            ),
        ],
    ),
];

impl Instrument {
    /// The customer-orientation self-assessment of the course material (客户导向公司特质自我
    /// 测试): 40 statements in 7 categories, answered 1 (not at all, 完全不符合) to 5 (very
    /// much, 非常符合). Categories, item counts and maxima: culture and climate (文化与氛围) 7 /
    /// 35, being with customers (贴近客户) 5 / 25, readiness to find and fix customer problems
    /// (发现并解决客户问题的意愿) 4 / 20, using and communicating customer information
    /// (客户信息的使用与沟通) 7 / 35, reaching out to customers (主动接触客户) 4 / 20,
    /// capability and empowerment (能力与授权) 7 / 35, process and product improvement
    /// (流程与产品改进) 6 / 30. Statements are numbered "1" to "40" in this order; their
    /// wording is this library's own.
    ///
    /// ```
    /// let i = custometrics::assessment::Instrument::orientation();
    /// assert_eq!(i.categories.iter().map(|c| c.statements.len()).collect::<Vec<_>>(), [7, 5, 4, 7, 4, 7, 6]);
    /// assert_eq!(i.max_total(), 200.0);
    /// ```
    pub fn orientation() -> Self {
        let mut number = 0;
        let categories = ORIENTATION_CATEGORIES
            .iter()
            .map(|(id, en, zh, statements)| Category {
                id: (*id).to_owned(),
                name: Text::new(*en, *zh),
                statements: statements
                    .iter()
                    .map(|(en, zh)| {
                        number += 1;
                        Statement { id: number.to_string(), text: Text::new(*en, *zh) }
                    })
                    .collect(),
            })
            .collect();
        Self {
            id: "customer_orientation".into(),
            title: Text::new("Customer-orientation self-assessment", "客户导向公司特质自我测试"),
            scale: AnswerScale {
                low: 1,
                high: 5,
                low_label: Text::new("not at all", "完全不符合"),
                high_label: Text::new("very much", "非常符合"),
            },
            categories,
        }
    }

    /// A caller-defined instrument from category ids and item counts, with generated statement
    /// ids (`"<category>.<n>"`) and empty wording, on the scale `low..=high`.
    ///
    /// ```
    /// use custometrics::assessment::Instrument;
    /// let i = Instrument::from_counts(&[("speed", 2), ("care", 3)], 0, 10)?;
    /// assert_eq!(i.maxima(), vec![20.0, 30.0]);
    /// assert_eq!(i.categories[1].statements[0].id, "care.1");
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `out_of_range` (field `categories`, the index of the category that passes the cap) when
    /// the counts total more than [`MAX_ITEMS`]; otherwise as [`Instrument::validate`].
    pub fn from_counts(categories: &[(&str, usize)], low: u32, high: u32) -> Result<Self> {
        // Checked before the statements are made: a count of 2^53 would otherwise ask for that
        // many statements and abort the process (wasm: `unreachable`), not fail.
        let mut items = 0usize;
        for (i, (_, n)) in categories.iter().enumerate() {
            items = items.saturating_add(*n);
            if items > MAX_ITEMS {
                return Err(Error::OutOfRange {
                    at: Location::at("categories", i),
                    value: *n as f64,
                    expected: format!("item counts that total at most {MAX_ITEMS}"),
                });
            }
        }
        let empty = || Text::new("", "");
        let inst = Self {
            id: "custom".into(),
            title: empty(),
            scale: AnswerScale { low, high, low_label: empty(), high_label: empty() },
            categories: categories
                .iter()
                .map(|(id, n)| Category {
                    id: (*id).to_owned(),
                    name: Text::new(*id, ""),
                    statements: (1..=*n).map(|k| Statement { id: format!("{id}.{k}"), text: empty() }).collect(),
                })
                .collect(),
        };
        inst.validate()?;
        Ok(inst)
    }

    /// Checks the instrument: a scale with `low < high`, at least one category, every category
    /// with at least one statement, category ids unique, statement ids unique.
    ///
    /// ```
    /// let mut i = custometrics::assessment::Instrument::orientation();
    /// i.categories[1].statements[0].id = "1".into(); // the id of the first statement
    /// let e = i.validate().unwrap_err();
    /// assert_eq!((e.code(), e.field(), e.index()), ("invalid", Some("statements"), Some(7)));
    /// ```
    ///
    /// # Errors
    /// `out_of_range` for `scale.high` not above `scale.low`; `empty` for no categories or a
    /// category without statements (field `categories[i].statements`); `invalid` for a repeated
    /// category id (field `categories`, its index) or statement id (field `statements`, its
    /// index in questionnaire order).
    pub fn validate(&self) -> Result<()> {
        let s = &self.scale;
        input::check(
            "scale.high",
            f64::from(s.high),
            s.high > s.low,
            &format!("the integers above scale.low = {}", s.low),
        )?;
        input::min_len("categories", self.categories.len(), 1)?;
        for (i, c) in self.categories.iter().enumerate() {
            input::min_len(&format!("categories[{i}].statements"), c.statements.len(), 1)?;
            if let Some(j) = self.categories[..i].iter().position(|o| o.id == c.id) {
                return Err(duplicate("categories", i, &c.id, j));
            }
        }
        let ids: Vec<&str> = self.statements().map(|s| s.id.as_str()).collect();
        for (i, id) in ids.iter().enumerate() {
            if let Some(j) = ids[..i].iter().position(|o| o == id) {
                return Err(duplicate("statements", i, id, j));
            }
        }
        Ok(())
    }

    /// All statements in questionnaire order (the column order of answers).
    pub fn statements(&self) -> impl Iterator<Item = &Statement> + '_ {
        self.categories.iter().flat_map(|c| c.statements.iter())
    }

    /// The number of statements.
    pub fn items(&self) -> usize {
        self.categories.iter().map(|c| c.statements.len()).sum()
    }

    /// Each category's maximum total: its statements × the top of the scale.
    pub fn maxima(&self) -> Vec<f64> {
        self.categories.iter().map(|c| c.statements.len() as f64 * f64::from(self.scale.high)).collect()
    }

    /// The maximum overall total.
    pub fn max_total(&self) -> f64 {
        self.items() as f64 * f64::from(self.scale.high)
    }

    /// Answers whose columns are named by statement ids in any order, put in questionnaire
    /// order (row-major), ready for [`orientation`].
    ///
    /// ```
    /// use custometrics::{Matrix, assessment::Instrument};
    /// let i = Instrument::from_counts(&[("a", 2)], 1, 5)?;
    /// let cols = ["a.2".to_string(), "a.1".to_string()];
    /// assert_eq!(i.align(&cols, &Matrix::new("answers", &[5.0, 3.0], 2)?)?, vec![3.0, 5.0]);
    /// let bad = ["a.2".to_string(), "z".to_string()];
    /// let e = i.align(&bad, &Matrix::new("answers", &[5.0, 3.0], 2)?).unwrap_err();
    /// assert_eq!((e.code(), e.field(), e.index()), ("invalid", Some("columns"), Some(1)));
    /// # Ok::<(), custometrics::Error>(())
    /// ```
    ///
    /// # Errors
    /// `length_mismatch` when `columns` does not name every column or there are not as many
    /// as statements; `invalid` (field `columns`, its index) for an unknown statement id or one
    /// named twice. As [`Instrument::validate`].
    pub fn align(&self, columns: &[String], answers: &Matrix<'_>) -> Result<Vec<f64>> {
        self.validate()?;
        let ids: Vec<&str> = self.statements().map(|s| s.id.as_str()).collect();
        super::align("columns", columns, answers, &ids, "statement of the instrument")
    }

    /// The category index of each statement, in questionnaire order.
    fn item_categories(&self) -> Vec<usize> {
        self.categories.iter().enumerate().flat_map(|(k, c)| std::iter::repeat_n(k, c.statements.len())).collect()
    }
}

fn duplicate(field: &str, index: usize, id: &str, first: usize) -> Error {
    Error::Invalid {
        at: Location::at(field, index),
        value: format!("{id:?}"),
        expected: format!("a unique id (also used at index {first})"),
    }
}

/// Options for [`orientation`] and [`score_respondent`].
///
/// ```
/// let o = custometrics::assessment::OrientationOptions::default();
/// assert_eq!((o.confidence, o.max_missing, o.low_answer), (0.95, 0.2, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct OrientationOptions {
    /// Missing answers (NaN). Default [`NanPolicy::Raise`].
    pub nan_policy: NanPolicy,
    /// Under [`NanPolicy::Omit`], the largest share of a respondent's items that may be
    /// missing; a respondent missing more is left out. In [0, 1]; default 0.2 (8 of 40).
    #[serde(with = "crate::float_serde")]
    pub max_missing: f64,
    /// Confidence level of the intervals, in (0, 1). Default 0.95.
    #[serde(with = "crate::float_serde")]
    pub confidence: f64,
    /// Answers at or below this value are listed as weak items. Default 2 ("1 or 2").
    pub low_answer: u32,
}

crate::codes::with_setters!(OrientationOptions { with_nan_policy => nan_policy: NanPolicy, with_max_missing => max_missing: f64, with_confidence => confidence: f64, with_low_answer => low_answer: u32 });

impl Default for OrientationOptions {
    fn default() -> Self {
        Self { nan_policy: NanPolicy::Raise, max_missing: 0.2, confidence: 0.95, low_answer: 2 }
    }
}

/// One category's result for one respondent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CategoryScore {
    /// The category's id.
    pub category: String,
    /// Its total (prorated over answered items under `omit`).
    #[serde(with = "crate::float_serde")]
    pub total: f64,
    /// Its maximum total.
    #[serde(with = "crate::float_serde")]
    pub max: f64,
    /// `total / max`.
    #[serde(with = "crate::float_serde")]
    pub share: f64,
    /// The items answered.
    pub answered: usize,
}

/// One respondent's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RespondentScore {
    /// Per category, in the instrument's order.
    pub categories: Vec<CategoryScore>,
    /// The sum of the category totals.
    #[serde(with = "crate::float_serde")]
    pub total: f64,
    /// The maximum overall total (200 on the 40-item form).
    #[serde(with = "crate::float_serde")]
    pub max: f64,
    /// `total / max`.
    #[serde(with = "crate::float_serde")]
    pub share: f64,
    /// Category indexes, weakest share first (equal shares in the instrument's order).
    pub weakest_first: Vec<usize>,
    /// Indexes (0-based, questionnaire order) of the items answered at or below
    /// [`OrientationOptions::low_answer`].
    pub low_items: Vec<usize>,
    /// The number of missing answers.
    pub missing: usize,
}

/// Mean share of one category (or overall) over a group's respondents, with its spread,
/// confidence interval and within-group agreement. Figures that need two respondents are
/// `None` with fewer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CategoryStats {
    /// The category's id, or `"overall"`.
    pub category: String,
    /// Respondents counted.
    pub n: usize,
    /// Mean share (None without respondents).
    #[serde(default, with = "crate::float_serde::option")]
    pub mean_share: Option<f64>,
    /// Sample standard deviation of the shares (divisor n − 1).
    #[serde(default, with = "crate::float_serde::option")]
    pub sd: Option<f64>,
    /// Standard error of the mean, sd / √n.
    #[serde(default, with = "crate::float_serde::option")]
    pub std_error: Option<f64>,
    /// Lower end of the Student-t confidence interval of the mean share.
    #[serde(default, with = "crate::float_serde::option")]
    pub ci_low: Option<f64>,
    /// Upper end of that interval.
    #[serde(default, with = "crate::float_serde::option")]
    pub ci_high: Option<f64>,
    /// Within-group agreement r_wg(j) (James, Demaree & Wolf 1984) over the category's items,
    /// in [0, 1]; None when no item has two answers.
    #[serde(default, with = "crate::float_serde::option")]
    pub rwg: Option<f64>,
}

/// A group's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupStats {
    /// The group's label (`"all"` for every respondent).
    pub group: String,
    /// Respondents scored.
    pub n: usize,
    /// Respondents left out for missing answers.
    pub excluded: usize,
    /// Per category, in the instrument's order.
    pub categories: Vec<CategoryStats>,
    /// Over all items.
    pub overall: CategoryStats,
}

/// The difference of two groups' mean shares in one category (or overall), with Welch's
/// t-test. The test's figures are `None` unless each group has two respondents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ShareDifference {
    /// The category's id, or `"overall"`.
    pub category: String,
    /// Mean share of group a − mean share of group b (None if a group has no respondent).
    #[serde(default, with = "crate::float_serde::option")]
    pub difference: Option<f64>,
    /// Standard error of the difference, √(s_a²/n_a + s_b²/n_b).
    #[serde(default, with = "crate::float_serde::option")]
    pub std_error: Option<f64>,
    /// Welch–Satterthwaite degrees of freedom (n_a + n_b − 2 when both variances are 0).
    #[serde(default, with = "crate::float_serde::option")]
    pub df: Option<f64>,
    /// The t statistic (0 for no difference with zero variance; absent for a difference with
    /// zero variance, where p is 0).
    #[serde(default, with = "crate::float_serde::option")]
    pub t: Option<f64>,
    /// Two-sided p-value.
    #[serde(default, with = "crate::float_serde::option")]
    pub p_value: Option<f64>,
    /// Lower end of the confidence interval of the difference.
    #[serde(default, with = "crate::float_serde::option")]
    pub ci_low: Option<f64>,
    /// Upper end of that interval.
    #[serde(default, with = "crate::float_serde::option")]
    pub ci_high: Option<f64>,
}

/// The gap between two groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupGap {
    /// The first group's label.
    pub a: String,
    /// The second group's label.
    pub b: String,
    /// Per category.
    pub categories: Vec<ShareDifference>,
    /// Over all items.
    pub overall: ShareDifference,
}

/// The self-assessment scored for many respondents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Orientation {
    /// Category ids, in order.
    pub categories: Vec<String>,
    /// Each respondent's scores in row order; None for one left out.
    pub respondents: Vec<Option<RespondentScore>>,
    /// Rows left out for missing answers (under `omit`).
    pub excluded: Vec<usize>,
    /// Every respondent together.
    pub all: GroupStats,
    /// One per group label, in order of first appearance (empty without groups).
    pub groups: Vec<GroupStats>,
    /// Every pair of groups (a before b in order of first appearance).
    pub gaps: Vec<GroupGap>,
}

const OVERALL: &str = "overall";

/// Scores one respondent's answers (one per statement, in questionnaire order).
///
/// ```
/// use custometrics::assessment::{score_respondent, OrientationOptions, ORIENTATION};
/// let mut answers = [4.0; 40];
/// answers[7] = 2.0; // "Managers spend time with customers …"
/// let s = score_respondent(&answers, &ORIENTATION, &OrientationOptions::default())?;
/// assert_eq!(s.categories[1].total, 18.0); // 2 + 4·4 of 25
/// assert_eq!(s.categories[1].share, 0.72);
/// assert_eq!((s.total, s.max), (158.0, 200.0));
/// assert_eq!(s.weakest_first[0], 1);
/// assert_eq!(s.low_items, vec![7]);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`orientation`]; a respondent with too many missing answers under `omit` is an `invalid`
/// error here (field `answers`), as there is no one else to report.
pub fn score_respondent(
    answers: &[f64],
    instrument: &Instrument,
    options: &OrientationOptions,
) -> Result<RespondentScore> {
    let m = Matrix::new("answers", answers, answers.len().max(1))?;
    let r = orientation(&m, instrument, None, options)?;
    match r.respondents.into_iter().next().flatten() {
        Some(s) => Ok(s),
        None => Err(all_excluded(1, options.max_missing)),
    }
}

/// Scores many respondents (one row per respondent, one column per statement in questionnaire
/// order), with per-group figures and the gaps between groups when `groups` gives each row's
/// group label.
///
/// ```
/// use custometrics::{Matrix, assessment::{orientation, Instrument, OrientationOptions}};
/// let inst = Instrument::from_counts(&[("a", 2), ("b", 1)], 1, 5)?;
/// let answers = [5.0, 5.0, 4.0, 4.0, 4.0, 2.0, 2.0, 3.0, 1.0, 3.0, 2.0, 2.0];
/// let groups = ["managers", "managers", "staff", "staff"].map(String::from);
/// let r = orientation(&Matrix::new("answers", &answers, 3)?, &inst, Some(&groups), &OrientationOptions::default())?;
/// assert_eq!(r.respondents[0].as_ref().map(|s| s.total), Some(14.0));
/// assert_eq!(r.groups[0].categories[0].mean_share, Some(0.9)); // (10/10 + 8/10) / 2
/// assert_eq!(r.groups[1].categories[0].mean_share, Some(0.5)); // (5/10 + 5/10) / 2
/// assert_eq!(r.gaps[0].categories[0].difference, Some(0.9 - 0.5));
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// Those of [`Instrument::validate`]; `length_mismatch` when the columns are not the
/// instrument's statements or `groups` is not one label per row; `out_of_range` for an answer
/// that is not a whole number on the scale, `not_finite` for ±inf or (under `raise`) NaN,
/// indexed row-major in `answers`; `out_of_range` for `confidence` outside (0, 1) or
/// `max_missing` outside [0, 1]; `invalid` (field `answers`) when every respondent is left out.
pub fn orientation(
    answers: &Matrix<'_>,
    instrument: &Instrument,
    groups: Option<&[String]>,
    options: &OrientationOptions,
) -> Result<Orientation> {
    instrument.validate()?;
    input::confidence("confidence", options.confidence)?;
    input::unit("max_missing", options.max_missing)?;
    let n_items = instrument.items();
    input::same_len(answers.field(), answers.cols(), "instrument statements", n_items)?;
    if let Some(g) = groups {
        input::same_len("groups", g.len(), "answers rows", answers.rows())?;
    }
    check_answers(answers, &instrument.scale, options.nan_policy)?;

    let item_cat = instrument.item_categories();
    let maxima = instrument.maxima();
    let respondents: Vec<Option<RespondentScore>> =
        answers.iter_rows().map(|row| score_row(row, instrument, &item_cat, &maxima, options)).collect();
    let excluded: Vec<usize> = respondents.iter().enumerate().filter(|(_, r)| r.is_none()).map(|(i, _)| i).collect();
    if excluded.len() == respondents.len() {
        return Err(all_excluded(respondents.len(), options.max_missing));
    }

    let all_rows: Vec<usize> = (0..answers.rows()).collect();
    let ctx = Ctx { answers, instrument, item_cat: &item_cat, respondents: &respondents, options };
    let all = ctx.group_stats("all", &all_rows);
    let mut labels: Vec<&str> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (r, g) in groups.unwrap_or_default().iter().enumerate() {
        match labels.iter().position(|l| *l == g.as_str()) {
            Some(k) => members[k].push(r),
            None => {
                labels.push(g);
                members.push(vec![r]);
            }
        }
    }
    let group_stats: Vec<GroupStats> = labels.iter().zip(&members).map(|(l, m)| ctx.group_stats(l, m)).collect();
    let mut gaps = Vec::new();
    for i in 0..group_stats.len() {
        for j in i + 1..group_stats.len() {
            gaps.push(ctx.gap(&group_stats[i], &members[i], &group_stats[j], &members[j]));
        }
    }
    Ok(Orientation {
        categories: instrument.categories.iter().map(|c| c.id.clone()).collect(),
        respondents,
        excluded,
        all,
        groups: group_stats,
        gaps,
    })
}

fn all_excluded(rows: usize, max_missing: f64) -> Error {
    Error::Invalid {
        at: Location::scalar("answers"),
        value: format!("{rows} respondent(s), all left out"),
        expected: format!(
            "at least one respondent with at most max_missing = {max_missing} of the items missing and an answer in every category"
        ),
    }
}

fn check_answers(answers: &Matrix<'_>, scale: &AnswerScale, policy: NanPolicy) -> Result<()> {
    let (lo, hi) = (f64::from(scale.low), f64::from(scale.high));
    let expected = format!("the answer scale: an integer in {}..={}", scale.low, scale.high);
    let bad = answers
        .data()
        .iter()
        .position(|&v| if v.is_nan() { policy == NanPolicy::Raise } else { !(v >= lo && v <= hi && v.fract() == 0.0) });
    match bad {
        None => Ok(()),
        Some(i) => {
            Err(input::out_of_range_or_not_finite(Location::at(answers.field(), i), answers.data()[i], &expected))
        }
    }
}

/// One row's scores, or None when it is left out.
fn score_row(
    row: &[f64],
    inst: &Instrument,
    item_cat: &[usize],
    maxima: &[f64],
    options: &OrientationOptions,
) -> Option<RespondentScore> {
    let k = inst.categories.len();
    let (mut sum, mut answered, mut count) = (vec![0.0; k], vec![0usize; k], vec![0usize; k]);
    let mut low_items = Vec::new();
    let low = f64::from(options.low_answer);
    for (j, (&c, &v)) in item_cat.iter().zip(row).enumerate() {
        count[c] += 1;
        if v.is_nan() {
            if options.nan_policy == NanPolicy::Propagate {
                sum[c] = f64::NAN;
            }
            continue;
        }
        sum[c] += v;
        answered[c] += 1;
        if v <= low {
            low_items.push(j);
        }
    }
    let missing = row.len() - answered.iter().sum::<usize>();
    if options.nan_policy == NanPolicy::Omit
        && (missing as f64 > options.max_missing * row.len() as f64 || answered.contains(&0))
    {
        return None;
    }
    let categories: Vec<CategoryScore> = (0..k)
        .map(|c| {
            let total = if answered[c] == count[c] { sum[c] } else { sum[c] / answered[c] as f64 * count[c] as f64 };
            CategoryScore {
                category: inst.categories[c].id.clone(),
                total,
                max: maxima[c],
                share: total / maxima[c],
                answered: answered[c],
            }
        })
        .collect();
    let total: f64 = categories.iter().map(|c| c.total).sum();
    let max = inst.max_total();
    let mut weakest_first: Vec<usize> = (0..k).collect();
    crate::numerics::sort::by_key(&mut weakest_first, &|c| categories[c].share, false);
    Some(RespondentScore { categories, total, max, share: total / max, weakest_first, low_items, missing })
}

struct Ctx<'a> {
    answers: &'a Matrix<'a>,
    instrument: &'a Instrument,
    item_cat: &'a [usize],
    respondents: &'a [Option<RespondentScore>],
    options: &'a OrientationOptions,
}

impl Ctx<'_> {
    /// The shares of category `c` (None: overall) of the scored members.
    fn shares(&self, members: &[usize], c: Option<usize>) -> Vec<f64> {
        members
            .iter()
            .filter_map(|&r| self.respondents.get(r).and_then(Option::as_ref))
            .map(|s| match c {
                Some(c) => s.categories.get(c).map_or(f64::NAN, |x| x.share),
                None => s.share,
            })
            .collect()
    }

    fn group_stats(&self, label: &str, members: &[usize]) -> GroupStats {
        let scored: Vec<usize> =
            members.iter().copied().filter(|&r| self.respondents.get(r).is_some_and(Option::is_some)).collect();
        let categories = self
            .instrument
            .categories
            .iter()
            .enumerate()
            .map(|(c, cat)| self.stats(&cat.id, &self.shares(&scored, Some(c)), &scored, Some(c)))
            .collect();
        GroupStats {
            group: label.to_owned(),
            n: scored.len(),
            excluded: members.len() - scored.len(),
            categories,
            overall: self.stats(OVERALL, &self.shares(&scored, None), &scored, None),
        }
    }

    fn stats(&self, id: &str, shares: &[f64], scored: &[usize], c: Option<usize>) -> CategoryStats {
        let n = shares.len();
        let mean_share = (n > 0).then(|| stats::mean(shares));
        let sd = (n > 1).then(|| stats::sample_variance(shares).sqrt());
        let std_error = sd.map(|s| s / (n as f64).sqrt());
        let half = std_error.map(|se| stats::t_two_sided(self.options.confidence, n as f64 - 1.0) * se);
        let ci = mean_share.zip(half).map(|(m, h)| (m - h, m + h));
        CategoryStats {
            category: id.to_owned(),
            n,
            mean_share,
            sd,
            std_error,
            ci_low: ci.map(|c| c.0),
            ci_high: ci.map(|c| c.1),
            rwg: self.rwg(scored, c),
        }
    }

    /// r_wg(j) over the items of category `c` (all items for None) among the scored rows.
    fn rwg(&self, scored: &[usize], c: Option<usize>) -> Option<f64> {
        let a = f64::from(self.instrument.scale.points());
        let sigma_eu = (a * a - 1.0) / 12.0;
        let mut variances = Vec::new();
        for (j, &cat) in self.item_cat.iter().enumerate() {
            if c.is_some_and(|c| c != cat) {
                continue;
            }
            let values: Vec<f64> = scored
                .iter()
                .map(|&r| self.answers.data().get(r * self.answers.cols() + j).copied().unwrap_or(f64::NAN))
                .filter(|v| !(v.is_nan() && self.options.nan_policy == NanPolicy::Omit))
                .collect();
            if values.len() > 1 {
                variances.push(stats::sample_variance(&values));
            }
        }
        if variances.is_empty() {
            return None;
        }
        let ratio = stats::mean(&variances) / sigma_eu;
        if ratio.is_nan() {
            return Some(f64::NAN);
        }
        if ratio >= 1.0 {
            return Some(0.0);
        }
        let j = variances.len() as f64;
        Some(j * (1.0 - ratio) / (j * (1.0 - ratio) + ratio))
    }

    fn gap(&self, a: &GroupStats, a_rows: &[usize], b: &GroupStats, b_rows: &[usize]) -> GroupGap {
        let diff = |id: &str, c: Option<usize>| {
            welch(id, &self.shares(a_rows, c), &self.shares(b_rows, c), self.options.confidence)
        };
        GroupGap {
            a: a.group.clone(),
            b: b.group.clone(),
            categories: self.instrument.categories.iter().enumerate().map(|(c, cat)| diff(&cat.id, Some(c))).collect(),
            overall: diff(OVERALL, None),
        }
    }
}

/// Welch's two-sample t-test of a − b.
fn welch(id: &str, a: &[f64], b: &[f64], confidence: f64) -> ShareDifference {
    let mut d = ShareDifference {
        category: id.to_owned(),
        difference: None,
        std_error: None,
        df: None,
        t: None,
        p_value: None,
        ci_low: None,
        ci_high: None,
    };
    if a.is_empty() || b.is_empty() {
        return d;
    }
    let diff = stats::mean(a) - stats::mean(b);
    d.difference = Some(diff);
    if a.len() < 2 || b.len() < 2 {
        return d;
    }
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (va, vb) = (stats::sample_variance(a) / na, stats::sample_variance(b) / nb);
    let se = (va + vb).sqrt();
    let (df, t, p_value) = if se > 0.0 {
        let df = (va + vb) * (va + vb) / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
        (df, Some(diff / se), stats::t_p_two_sided(diff / se, df))
    } else if diff == 0.0 {
        (na + nb - 2.0, Some(0.0), 1.0)
    } else {
        // Both groups unanimous and apart: the difference is certain (p = 0) but t has no finite
        // value, so it is absent rather than an infinity.
        (na + nb - 2.0, None, 0.0)
    };
    let half = stats::t_two_sided(confidence, df) * se;
    d.std_error = Some(se);
    d.df = Some(df);
    d.t = t;
    d.p_value = Some(p_value);
    d.ci_low = Some(diff - half);
    d.ci_high = Some(diff + half);
    d
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn item_counts_past_the_cap_are_refused_before_anything_is_built() {
        // 2^53 statements (usize::MAX / 2 on wasm32) would abort the process (found by the JS
        // hostile-input harness)
        let e = Instrument::from_counts(&[("speed", usize::MAX / 2), ("care", 2)], 0, 10).unwrap_err();
        assert_eq!((e.code(), e.field(), e.index()), ("out_of_range", Some("categories"), Some(0)));
        let e = Instrument::from_counts(&[("a", MAX_ITEMS), ("b", usize::MAX)], 1, 5).unwrap_err();
        assert_eq!(e.index(), Some(1));
        assert_eq!(Instrument::from_counts(&[("a", MAX_ITEMS)], 1, 5).unwrap().items(), MAX_ITEMS);
    }

    #[test]
    fn unanimous_groups_apart_have_p_zero_and_no_infinite_t() {
        let d = welch("c", &[0.75, 0.75, 0.75], &[0.25, 0.25], 0.95);
        assert_eq!((d.difference, d.std_error, d.t, d.p_value), (Some(0.5), Some(0.0), None, Some(0.0)));
        let same = welch("c", &[0.5, 0.5], &[0.5, 0.5, 0.5], 0.95);
        assert_eq!((same.t, same.p_value), (Some(0.0), Some(1.0)));
    }

    #[test]
    fn shipped_form_has_the_material_s_counts_and_maxima() {
        let i = Instrument::orientation();
        i.validate().unwrap();
        assert_eq!(i.categories.iter().map(|c| c.statements.len()).collect::<Vec<_>>(), [7, 5, 4, 7, 4, 7, 6]);
        assert_eq!(i.maxima(), [35.0, 25.0, 20.0, 35.0, 20.0, 35.0, 30.0]);
        assert!(i.statements().all(|s| !s.text.en.is_empty() && !s.text.zh.is_empty()));
        assert_eq!(i.statements().last().map(|s| s.id.as_str()), Some("40"));
        let json = serde_json::to_string(&i).unwrap();
        assert_eq!(serde_json::from_str::<Instrument>(&json).unwrap(), i);
    }

    #[test]
    fn omit_prorates_and_leaves_out() {
        let inst = Instrument::from_counts(&[("a", 2), ("b", 2)], 1, 5).unwrap();
        let opts = OrientationOptions { nan_policy: NanPolicy::Omit, max_missing: 0.25, ..Default::default() };
        let data = [4.0, f64::NAN, 2.0, 2.0, f64::NAN, f64::NAN, 3.0, 3.0, 5.0, 5.0, 5.0, 5.0];
        let r = orientation(&Matrix::new("answers", &data, 4).unwrap(), &inst, None, &opts).unwrap();
        let first = r.respondents[0].as_ref().unwrap();
        assert_eq!((first.categories[0].total, first.categories[0].answered, first.missing), (8.0, 1, 1));
        assert_eq!(r.excluded, vec![1]);
        assert_eq!((r.all.n, r.all.excluded), (2, 1));
    }

    #[test]
    fn propagate_makes_the_category_nan() {
        let inst = Instrument::from_counts(&[("a", 2), ("b", 1)], 1, 5).unwrap();
        let opts = OrientationOptions { nan_policy: NanPolicy::Propagate, ..Default::default() };
        let s = score_respondent(&[f64::NAN, 3.0, 4.0], &inst, &opts).unwrap();
        assert!(s.categories[0].share.is_nan() && s.total.is_nan());
        assert_eq!(s.categories[1].total, 4.0);
        assert_eq!(s.weakest_first, vec![1, 0]);
    }

    #[test]
    fn perfect_agreement_is_one_and_uniform_spread_is_zero() {
        let inst = Instrument::from_counts(&[("a", 2)], 1, 5).unwrap();
        let same = [3.0, 4.0, 3.0, 4.0, 3.0, 4.0];
        let r = orientation(&Matrix::new("answers", &same, 2).unwrap(), &inst, None, &Default::default()).unwrap();
        assert_eq!(r.all.categories[0].rwg, Some(1.0));
        let split = [1.0, 1.0, 5.0, 5.0];
        let r = orientation(&Matrix::new("answers", &split, 2).unwrap(), &inst, None, &Default::default()).unwrap();
        assert_eq!(r.all.categories[0].rwg, Some(0.0));
    }
}
