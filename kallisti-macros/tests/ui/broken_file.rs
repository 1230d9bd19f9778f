use kallisti::chaos_test;

#[chaos_test(experiment = "tests/ui/broken.json")]
async fn file_is_not_json() {}

#[chaos_test(experiment = "tests/ui/unknown-action.json")]
async fn file_has_an_unknown_action() {}

fn main() {}
