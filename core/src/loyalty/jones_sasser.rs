//! The satisfaction–loyalty matrix (满意-忠诚矩阵) of Jones & Sasser (1995), "Why satisfied
//! customers defect", *Harvard Business Review* 73(6), 88–99: loyalists (with apostles at the
//! extreme), mercenaries, hostages and defectors (with terrorists at the extreme).

use crate::error::{Error, Result};
use crate::input::{self, Column, column};
use crate::satisfaction::Scale;
use serde::{Deserialize, Serialize};

/// A customer's place in the satisfaction–loyalty matrix. The discriminants (0–5) are the codes
/// the array forms use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum JonesSasserClass {
    /// A loyalist in the apostle band: so satisfied they convert others.
    Apostle = 0,
    /// High satisfaction, high loyalty.
    Loyalist = 1,
    /// High satisfaction, low loyalty: satisfied but will leave for a better offer.
    Mercenary = 2,
    /// Low satisfaction, high loyalty: held by switching costs or a monopoly.
    Hostage = 3,
    /// Low satisfaction, low loyalty.
    Defector = 4,
    /// A defector in the terrorist band: so dissatisfied they warn others off.
    Terrorist = 5,
}

crate::codes::coded_enum!(JonesSasserClass: u8, "Jones & Sasser class" {
    Apostle => "apostle",
    Loyalist => "loyalist",
    Mercenary => "mercenary",
    Hostage => "hostage",
    Defector => "defector",
    Terrorist => "terrorist",
});

impl JonesSasserClass {
    /// The quadrant, with the extremes folded in: apostles are loyalists, terrorists defectors.
    ///
    /// ```
    /// use custometrics::loyalty::JonesSasserClass as C;
    /// assert_eq!(C::Apostle.quadrant(), C::Loyalist);
    /// assert_eq!(C::Hostage.quadrant(), C::Hostage);
    /// ```
    pub fn quadrant(self) -> Self {
        match self {
            Self::Apostle => Self::Loyalist,
            Self::Terrorist => Self::Defector,
            other => other,
        }
    }
}

/// The scales, cut points and extreme bands of the matrix.
///
/// A rating at or above its cut is high. An apostle is a loyalist whose satisfaction and loyalty
/// are both at or above the apostle band; a terrorist a defector whose satisfaction and loyalty
/// are both at or below the terrorist band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct JonesSasserOptions {
    /// The satisfaction scale. Default 1..=5 (Jones & Sasser's five-point scale, 5 = completely
    /// satisfied).
    pub satisfaction_scale: Scale,
    /// The loyalty scale (repurchase or recommendation intent). Default 1..=5.
    pub loyalty_scale: Scale,
    /// High satisfaction from here up. Default 4 (satisfied).
    pub satisfaction_cut: f64,
    /// High loyalty from here up. Default 4.
    pub loyalty_cut: f64,
    /// Apostles have satisfaction at least this. Default 5 (completely satisfied).
    pub apostle_satisfaction: f64,
    /// Apostles have loyalty at least this. Default 5.
    pub apostle_loyalty: f64,
    /// Terrorists have satisfaction at most this. Default 1.
    pub terrorist_satisfaction: f64,
    /// Terrorists have loyalty at most this. Default 1.
    pub terrorist_loyalty: f64,
}

crate::codes::with_setters!(JonesSasserOptions { with_satisfaction_scale => satisfaction_scale: Scale, with_loyalty_scale => loyalty_scale: Scale, with_satisfaction_cut => satisfaction_cut: f64, with_loyalty_cut => loyalty_cut: f64, with_apostle_satisfaction => apostle_satisfaction: f64, with_apostle_loyalty => apostle_loyalty: f64, with_terrorist_satisfaction => terrorist_satisfaction: f64, with_terrorist_loyalty => terrorist_loyalty: f64 });

impl Default for JonesSasserOptions {
    fn default() -> Self {
        let five = Scale { min: 1.0, max: 5.0 };
        Self {
            satisfaction_scale: five,
            loyalty_scale: five,
            satisfaction_cut: 4.0,
            loyalty_cut: 4.0,
            apostle_satisfaction: 5.0,
            apostle_loyalty: 5.0,
            terrorist_satisfaction: 1.0,
            terrorist_loyalty: 1.0,
        }
    }
}

/// Customers per class. Quadrant counts include their extremes: `loyalist` counts apostles too
/// and `defector` terrorists, so the four quadrants sum to n; `apostle` and `terrorist` count the
/// extremes alone.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct JonesSasserCells<T> {
    /// Loyalists, apostles included.
    pub loyalist: T,
    /// Mercenaries.
    pub mercenary: T,
    /// Hostages.
    pub hostage: T,
    /// Defectors, terrorists included.
    pub defector: T,
    /// Apostles.
    pub apostle: T,
    /// Terrorists.
    pub terrorist: T,
}

/// Customers placed in the satisfaction–loyalty matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JonesSasser {
    /// The class of each customer, in input order (extremes as `apostle` / `terrorist`).
    pub classes: Vec<JonesSasserClass>,
    /// Customers per class.
    pub counts: JonesSasserCells<u64>,
    /// counts / n.
    pub shares: JonesSasserCells<f64>,
    /// Customers.
    pub n: u64,
}

/// Places each customer by satisfaction and loyalty (one pair of ratings per customer).
///
/// ```
/// use custometrics::loyalty::{jones_sasser, JonesSasserClass as C, JonesSasserOptions};
/// let satisfaction = [5.0, 4.0, 4.0, 2.0, 1.0, 3.0];
/// let loyalty      = [5.0, 4.0, 2.0, 5.0, 1.0, 2.0];
/// let j = jones_sasser(&satisfaction, &loyalty, &JonesSasserOptions::default())?;
/// assert_eq!(j.classes, vec![C::Apostle, C::Loyalist, C::Mercenary, C::Hostage, C::Terrorist, C::Defector]);
/// assert_eq!((j.counts.loyalist, j.counts.apostle), (2, 1));
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// `empty` for no customers; `length_mismatch` when `loyalty` differs in length from
/// `satisfaction`; `not_finite`/`out_of_range` naming the array and index of a rating off its
/// scale; `out_of_range` naming the option of a scale whose max is not above its min, or of a
/// cut or band outside its scale.
pub fn jones_sasser(satisfaction: &[f64], loyalty: &[f64], options: &JonesSasserOptions) -> Result<JonesSasser> {
    jones_sasser_of(Column::F64(satisfaction), Column::F64(loyalty), options)
}

/// [`jones_sasser`] of columns of any numeric type, each read at its own width without an `f64`
/// copy: the same result and errors, bit for bit, as for the columns converted to `f64`.
///
/// ```
/// use custometrics::{Column, loyalty::{jones_sasser, jones_sasser_of, JonesSasserOptions}};
/// let (s, l) = ([5u8, 1, 4], [5i32, 1, 2]);
/// let o = JonesSasserOptions::default();
/// let typed = jones_sasser_of(Column::from(&s[..]), Column::from(&l[..]), &o)?;
/// assert_eq!(typed, jones_sasser(&[5.0, 1.0, 4.0], &[5.0, 1.0, 2.0], &o)?);
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// # Errors
/// As [`jones_sasser`].
pub fn jones_sasser_of(
    satisfaction: Column<'_>,
    loyalty: Column<'_>,
    options: &JonesSasserOptions,
) -> Result<JonesSasser> {
    let o = *options;
    let ss =
        Scale::new(o.satisfaction_scale.min, o.satisfaction_scale.max).map_err(|e| rename(e, "satisfaction_scale"))?;
    let ls = Scale::new(o.loyalty_scale.min, o.loyalty_scale.max).map_err(|e| rename(e, "loyalty_scale"))?;
    for (field, v, s) in [
        ("satisfaction_cut", o.satisfaction_cut, ss),
        ("loyalty_cut", o.loyalty_cut, ls),
        ("apostle_satisfaction", o.apostle_satisfaction, ss),
        ("apostle_loyalty", o.apostle_loyalty, ls),
        ("terrorist_satisfaction", o.terrorist_satisfaction, ss),
        ("terrorist_loyalty", o.terrorist_loyalty, ls),
    ] {
        input::check(field, v, v >= s.min && v <= s.max, &format!("its scale {}..={}", s.min, s.max))?;
    }
    input::min_len("satisfaction", satisfaction.len(), 1)?;
    input::same_len("loyalty", loyalty.len(), "satisfaction", satisfaction.len())?;
    let on = |s: Scale| format!("the scale {}..={}", s.min, s.max);
    input::all_pass_in("satisfaction", satisfaction, |v| v >= ss.min && v <= ss.max, &on(ss))?;
    input::all_pass_in("loyalty", loyalty, |v| v >= ls.min && v <= ls.max, &on(ls))?;
    let n = satisfaction.len();
    let mut classes = vec![JonesSasserClass::Defector; n];
    let parts = column::fold_into(
        &[satisfaction, loyalty],
        &mut classes,
        || [0u64; 6],
        |counts, [s, l], out| {
            for ((out, &s), &l) in out.iter_mut().zip(s).zip(l) {
                let class = match (s >= o.satisfaction_cut, l >= o.loyalty_cut) {
                    (true, true) if s >= o.apostle_satisfaction && l >= o.apostle_loyalty => JonesSasserClass::Apostle,
                    (true, true) => JonesSasserClass::Loyalist,
                    (true, false) => JonesSasserClass::Mercenary,
                    (false, true) => JonesSasserClass::Hostage,
                    (false, false) if s <= o.terrorist_satisfaction && l <= o.terrorist_loyalty => {
                        JonesSasserClass::Terrorist
                    }
                    (false, false) => JonesSasserClass::Defector,
                };
                counts[class as usize] += 1;
                *out = class;
            }
        },
    );
    let mut c = [0u64; 6];
    for part in parts {
        c.iter_mut().zip(part).for_each(|(c, p)| *c += p);
    }
    let [apostle, loyalist, mercenary, hostage, defector, terrorist] = c;
    let counts = JonesSasserCells {
        loyalist: loyalist + apostle,
        mercenary,
        hostage,
        defector: defector + terrorist,
        apostle,
        terrorist,
    };
    let share = |k: u64| k as f64 / n as f64;
    let shares = JonesSasserCells {
        loyalist: share(counts.loyalist),
        mercenary: share(counts.mercenary),
        hostage: share(counts.hostage),
        defector: share(counts.defector),
        apostle: share(counts.apostle),
        terrorist: share(counts.terrorist),
    };
    Ok(JonesSasser { classes, counts, shares, n: n as u64 })
}

/// `scale.min`/`scale.max` errors renamed to the option that holds the scale.
fn rename(e: Error, option: &str) -> Error {
    match e.field().and_then(|f| f.strip_prefix("scale")).map(str::to_owned) {
        Some(suffix) => e.relocated(&format!("{option}{suffix}"), 0),
        None => e,
    }
}
