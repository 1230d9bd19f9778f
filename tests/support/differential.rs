//! The verdict table of a side-by-side run: each scenario either agrees,
//! or differs in a way listed, with its reason, as a deviation.

/// Verdicts gathered scenario by scenario, then printed and checked.
pub struct Verdicts {
    deviations: &'static [(&'static str, &'static str)],
    table: Vec<String>,
    /// Actions no scenario compares, with why.
    apart: Vec<String>,
    unexpected: Vec<String>,
}

impl Verdicts {
    /// A table for scenarios whose expected deviations are `deviations`
    /// (label, reason).
    pub fn new(deviations: &'static [(&'static str, &'static str)]) -> Self {
        Verdicts {
            deviations,
            table: Vec::new(),
            apart: Vec::new(),
            unexpected: Vec::new(),
        }
    }

    /// One scenario: `differs` says how the two sides differed, if they did;
    /// `agreement` what the table shows when they agree.
    pub fn record(
        &mut self,
        label: &str,
        action: &str,
        differs: Option<String>,
        agreement: impl FnOnce() -> String,
    ) {
        let deviation = self.deviations.iter().find(|(l, _)| *l == label);
        let verdict = match (differs, deviation) {
            (None, None) => agreement(),
            (Some(_), Some((_, why))) => format!("deviates on purpose: {why}"),
            (Some(how), None) => {
                self.unexpected.push(format!("{label}: {how}"));
                format!("DIFFERS: {how}")
            }
            (None, Some(_)) => {
                self.unexpected
                    .push(format!("{label}: listed as a deviation but agrees"));
                "agrees (stale deviation)".to_string()
            }
        };
        self.table
            .push(format!("{label:<45} {action:<40} {verdict}"));
    }

    /// An action that cannot be run side by side, and why: listed apart
    /// from the scenarios compared.
    pub fn not_comparable(&mut self, action: &str, why: &str) {
        self.apart.push(format!("{action:<40} {why}"));
    }

    /// Prints the table under `title`, and fails on any difference that is
    /// not a listed deviation, and on any listed deviation that agrees.
    pub fn finish(self, title: &str) {
        let count = |verdict: &str| self.table.iter().filter(|l| l.contains(verdict)).count();
        println!(
            "{title}: {} compared, {} agree, {} deviate on purpose, {} not comparable\n{}",
            self.table.len(),
            count(" agrees"),
            count(" deviates on purpose: "),
            self.apart.len(),
            self.table.join("\n")
        );
        if !self.apart.is_empty() {
            println!("not comparable:\n{}", self.apart.join("\n"));
        }
        assert!(self.unexpected.is_empty(), "{}", self.unexpected.join("\n"));
    }
}
