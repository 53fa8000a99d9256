//! The one shape of every class, tier and segment enum: a `#[repr]` code for arrays, a label for
//! people, and the conversions between them.

/// Implements, for a fieldless enum whose discriminants are its codes: `as_code`, `label`, `ALL`,
/// `TryFrom<code>` (an `out_of_range` error naming `code` for an unknown one), `From<Self>` for
/// the code type, and `Display` (the label, the same word serde writes).
macro_rules! coded_enum {
    ($ty:ident : $repr:ty, $what:literal { $($variant:ident => $label:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value in the order of its code, so the code `c` names `ALL[c]`.
            pub const ALL: [Self; [$(stringify!($variant)),+].len()] = [$(Self::$variant),+];

            /// Every label in the order of its code, so the code `c` is labelled `LABELS[c]`.
            pub const LABELS: [&'static str; [$(stringify!($variant)),+].len()] = [$($label),+];

            /// The code the array forms use (the enum's discriminant).
            pub const fn as_code(self) -> $repr {
                self as $repr
            }

            /// The label: the word serde writes and the bindings return beside the codes.
            pub const fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label),+
                }
            }
        }

        impl TryFrom<$repr> for $ty {
            type Error = crate::Error;

            /// The value of a code, or `out_of_range` naming the field `code`.
            fn try_from(code: $repr) -> crate::Result<Self> {
                Self::ALL.get(usize::from(code)).copied().ok_or_else(|| crate::Error::OutOfRange {
                    at: crate::Location::scalar("code"),
                    value: f64::from(code),
                    expected: format!(concat!("a ", $what, " code in 0..={}"), Self::ALL.len() - 1),
                })
            }
        }

        impl From<$ty> for $repr {
            fn from(value: $ty) -> $repr {
                value.as_code()
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

pub(crate) use coded_enum;

/// Implements `with_<field>(self, value) -> Self` for each named field of an options struct: the
/// way to set options from outside the crate, where `#[non_exhaustive]` forbids struct literals.
macro_rules! with_setters {
    ($ty:ident { $($setter:ident => $field:ident : $fty:ty),+ $(,)? }) => {
        impl $ty {
            $(
                #[doc = concat!("These options with `", stringify!($field), "` set to `value`.")]
                #[must_use]
                pub fn $setter(mut self, value: $fty) -> Self {
                    self.$field = value;
                    self
                }
            )+
        }
    };
}

pub(crate) use with_setters;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::loyalty::{DickBasuClass, JonesSasserClass};
    use crate::tiers::{AbcTier, CurryTier, CustomerPyramidTier};

    /// The label is the word serde writes, and every code reads back as its value.
    fn check<T>(all: &[T])
    where
        T: Copy + PartialEq + std::fmt::Debug + std::fmt::Display + serde::Serialize + TryFrom<u8> + Into<u8>,
        <T as TryFrom<u8>>::Error: std::fmt::Debug,
    {
        for (i, &v) in all.iter().enumerate() {
            let code: u8 = v.into();
            assert_eq!(usize::from(code), i);
            assert_eq!(T::try_from(code).unwrap(), v);
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{v}\""));
        }
        assert!(T::try_from(u8::try_from(all.len()).unwrap()).is_err());
    }

    #[test]
    fn codes_labels_and_serde_agree() {
        check(&DickBasuClass::ALL);
        check(&JonesSasserClass::ALL);
        check(&AbcTier::ALL);
        check(&CurryTier::ALL);
        check(&CustomerPyramidTier::ALL);
    }
}
