//! Pure models behind the widgets: value in, value out.
//!
//! One module per widget (declared from the list, [`crate::for_each_widget!`]), each
//! implementing [`widget::Widget`]; `query`, `units` and `replay` (the step-through cursor)
//! serve them all.
//!
//! **Invariant:** nothing here reaches a browser, a random number generator or a clock (the
//! core crate depends on none). Simulations take their randomness as a seed and their time as
//! an input. Native `cargo test` covers this layer completely.

/// An enum whose values have names (in URLs, test ids and CSS): declares it with `ALL` (every
/// value, in order), `name()` and `from_name()` (surrounding spaces and ASCII case ignored).
///
/// ```text
/// names! {
///     /// How content reaches the edge.
///     #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
///     pub enum Strategy {
///         /// Fetched on the first miss.
///         #[default]
///         Pull = "pull",
///         /// Uploaded ahead of time.
///         Push = "push",
///     }
/// }
/// ```
macro_rules! names {
    (
        $(#[$meta:meta])*
        pub enum $Name:ident {
            $( $(#[$vmeta:meta])* $Variant:ident = $name:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum $Name {
            $( $(#[$vmeta])* $Variant ),*
        }

        impl $Name {
            /// Every value, in order.
            pub const ALL: [$Name; [$(stringify!($Variant)),*].len()] = [$($Name::$Variant),*];

            /// The value's name, as URLs and test ids write it.
            pub fn name(self) -> &'static str {
                match self {
                    $( $Name::$Variant => $name ),*
                }
            }

            /// The value of a name (surrounding spaces and ASCII case ignored).
            pub fn from_name(name: &str) -> Option<$Name> {
                let name = name.trim();
                $Name::ALL.into_iter().find(|v| v.name().eq_ignore_ascii_case(name))
            }
        }
    };
}

/// Declares one module per widget of the list.
macro_rules! widget_modules {
    ($( $(#[$attr:meta])* $Kind:ident $module:ident $State:ident, )*) => {
        $( $(#[$attr])* pub mod $module; )*
    };
}
crate::for_each_widget!(widget_modules);

pub mod query;
pub mod replay;
pub mod rng;
pub mod units;
pub mod widget;
