use kallisti::chaos_test;

#[chaos_test(parameter(base_url = "http://127.0.0.1:1"))]
async fn option_misspelled() {}

#[chaos_test(before({step: "s", do: "cm.wait", where: {time_in_seconds: 1}, expects: []}))]
async fn step_key_misspelled() {}

#[chaos_test(before({step: "s", do: "cm.wait", where: {time_in_seconds: 1}, every: "1s"}))]
async fn only_during_steps_repeat() {}

#[chaos_test(timeout = "soon")]
async fn timeout_is_not_a_duration() {}

#[chaos_test(step_timeout = "1.5m", during({step: "s", do: "cm.wait", where: {time_in_seconds: 1}, every: "5 sekonds", timeout: 1e99}))]
async fn step_durations_read_as_a_run_reads_them() {}

#[chaos_test(pre({step: "s", do: "cm.http_probe", where: {url: "http://127.0.0.1:1"}, retry: {within: 0, every: "500ms"}}))]
async fn retry_within_is_positive() {}

#[chaos_test(pre({step: "s", do: "cm.http_probe", where: {url: "http://127.0.0.1:1"}, retry: {within: "1s", evrey: "1s"}}))]
async fn retry_key_misspelled() {}

#[chaos_test(pre({step: "s", do: "cm.http_probe", where: {url: "http://127.0.0.1:1"}, retry: {every: "1s"}, every: "1s", times: 3}))]
async fn retry_without_within_and_with_every() {}
fn main() {}
