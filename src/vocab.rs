//! Closed vocabularies: enums whose values have a stable id (written in reports, data files
//! and the policy) and a human label.
//!
//! Eleven enums used to hand-write the same `ALL`, `id`, `from_id` and `label` blocks, and a
//! new variant had to be added in four matches that the compiler could not keep in step
//! (`from_id` searched `ALL`, so a variant missing there was silently unparseable).
//! [`vocabulary!`] writes them from one table, so a variant, its id and its label are
//! declared once.

/// Declares an enum with its ids and labels.
///
/// ```ignore
/// vocabulary! {
///     /// Doc comment and attributes (derives, serde) pass through.
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum Fruit {
///         /// Each variant: its id, then optionally `=> "label"`.
///         Apple = "apple" => "Apple",
///         BloodOrange = "blood_orange",
///     }
/// }
/// ```
///
/// Generates `Fruit::ALL` (every value in declaration order, an array), `id(self)`,
/// `label(self)` (the id when no label is given), `from_id(&str) -> Option<Self>` and a
/// `Display` that writes the id. Enums whose `Display` must differ write their own and use
/// `vocabulary!(@no_display ...)`.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $id:literal $(=> $label:literal)?
            ),+ $(,)?
        }
    ) => {
        $crate::vocab::vocabulary!(@no_display
            $(#[$meta])*
            $vis enum $name { $($(#[$vmeta])* $variant = $id $(=> $label)?),+ }
        );

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
    (@no_display
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $id:literal $(=> $label:literal)?
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        #[allow(dead_code)]
        impl $name {
            /// Every value, in declaration order (the order reports use).
            pub const ALL: [$name; 0 $(+ $crate::vocab::vocabulary!(@one $variant))+] = [$($name::$variant),+];

            /// The stable id, as written in reports and data files.
            pub fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id,)+
                }
            }

            /// A short human label (the id when the vocabulary gives none).
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $crate::vocab::vocabulary!(@label $id $(, $label)?),)+
                }
            }

            /// Looks a value up by its id.
            pub fn from_id(id: &str) -> Option<$name> {
                match id {
                    $($id => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
    (@one $variant:ident) => { 1 };
    (@label $id:literal) => { $id };
    (@label $id:literal, $label:literal) => { $label };
}

pub(crate) use vocabulary;

#[cfg(test)]
mod tests {

    vocabulary! {
        /// A test vocabulary.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Fruit {
            /// Labelled.
            Apple = "apple" => "Green apple",
            BloodOrange = "blood_orange",
        }
    }

    #[test]
    fn ids_labels_and_lookup_come_from_one_table() {
        assert_eq!(Fruit::ALL, [Fruit::Apple, Fruit::BloodOrange]);
        assert_eq!(Fruit::Apple.id(), "apple");
        assert_eq!(Fruit::Apple.label(), "Green apple");
        assert_eq!(Fruit::BloodOrange.label(), "blood_orange");
        assert_eq!(Fruit::from_id("blood_orange"), Some(Fruit::BloodOrange));
        assert_eq!(Fruit::from_id("Apple"), None);
        assert_eq!(Fruit::BloodOrange.to_string(), "blood_orange");
        for f in Fruit::ALL {
            assert_eq!(Fruit::from_id(f.id()), Some(f));
        }
    }
}
