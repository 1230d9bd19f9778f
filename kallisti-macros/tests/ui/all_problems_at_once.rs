use kallisti::chaos_test;

#[chaos_test(
    pre({step: "up", do: "cm.http_probe", where: {urll: "http://127.0.0.1:1"}}),
    during({step: "probe", do: "cm.http_probe", where: {url: "http://127.0.0.1:1", timeout: "slow"},
            every: "100ms", aggregate: [{"operator": "=>", "success_ratio": 1}]}),
)]
async fn every_problem_is_reported() {}

fn main() {}
