use kallisti::testing::ChaosContext;
use kallisti::chaos_test;

// A Chaos Toolkit test runs the file's own activities: no steps of the
// attribute's, no ChaosContext, and the file must exist.
#[chaos_test(
    chaostoolkit = "tests/ui/no-such-experiment.yaml",
    before({"step": "wait", "do": "cm.wait", "where": {"time_in_seconds": 0}}),
)]
fn ctk_test(ctx: ChaosContext) {
    let _ = ctx;
}

fn main() {}
