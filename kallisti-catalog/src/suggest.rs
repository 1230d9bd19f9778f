//! "Did you mean" suggestions, shared by the runtime and the macro.

/// Edit distance between two strings, counted in chars: insertions,
/// deletions, substitutions and swaps of two neighbours each count one
/// (optimal string alignment, from `strsim`), so `tset` is one edit from
/// `test`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The candidate closest to `name`, if it is close enough to be a likely typo
/// (at most a third of the name's length away, and at least one edit allowed).
///
/// ```
/// let names = ["http_probe", "http_request", "wait"];
/// assert_eq!(kallisti_catalog::closest("http_prob", names), Some("http_probe"));
/// assert_eq!(kallisti_catalog::closest("terminate", names), None);
/// ```
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("wait", "wiat"), 1);
        assert_eq!(edit_distance("tset", "test"), 1);
    }

    #[test]
    fn closest_prefers_the_nearest() {
        assert_eq!(
            closest("htp_probe", ["http_probe", "wait"]),
            Some("http_probe")
        );
        assert_eq!(closest("xyz", ["http_probe", "wait"]), None);
    }
}
