//! A number's international form ("+44 7911 123456"), written as the `phonenumber` crate's
//! formatter writes it in `Mode::International`.
//!
//! The crate's formatter cannot be used with a database of our own: its `Display` takes
//! `self.database.unwrap_or(&DATABASE)`, which dereferences, and so builds, the crate's
//! full default database before looking at the one given. This is the same steps
//! (formatter.rs of phonenumber 0.3.10) through the metadata's public accessors; the tests
//! in `phone.rs` compare its output with the crate's for every territory's numbers.

use phonenumber::PhoneNumber;
use phonenumber::metadata::{Database, Format};

/// `+<code> <national number in the code's main territory's international format>`, and
/// its extension if any; `None` if `db` lacks the number's calling code.
pub(super) fn international(number: &PhoneNumber, db: &Database) -> Option<String> {
    let code = number.code().value();
    // The main territory of the code comes first.
    let meta = db.by_code(&code)?.into_iter().next()?;
    let national = number.national().to_string();
    let formats = if meta.international_formats().is_empty() {
        meta.formats()
    } else {
        meta.international_formats()
    };
    let mut out = format!("+{code} ");
    match chosen(&national, formats) {
        Some(format) => out.push_str(&format.pattern().replace(&national, format.format())),
        None => out.push_str(&national),
    }
    if let Some(extension) = number.extension() {
        out.push_str(meta.preferred_extension_prefix().unwrap_or(" ext. "));
        out.push_str(extension);
    }
    Some(out)
}

/// The first format whose last leading-digits pattern matches at the start of `national`
/// and whose pattern matches all of it, or that has no leading digits at all (then its
/// pattern is not checked: the crate's precedence, kept).
fn chosen<'a>(national: &str, formats: &'a [Format]) -> Option<&'a Format> {
    formats
        .iter()
        .find(|format| match format.leading_digits().last() {
            None => true,
            Some(last) => {
                last.find(national).is_some_and(|m| m.start() == 0)
                    && format
                        .pattern()
                        .find(national)
                        .is_some_and(|m| m.start() == 0 && m.end() == national.len())
            }
        })
}
