use kallisti::chaos_test;

// The attribute does not parse; the function is still there for `main`.
#[chaos_test(pre(not a step))]
async fn still_here() {}

fn main() {
    let _ = still_here();
}
