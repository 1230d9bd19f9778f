use kallisti::chaos_test;

#[chaos_test(pre({step: "up", do: "cm.http_prob", where: {url: "http://127.0.0.1:1"}}))]
async fn typo_in_action() {}

fn main() {}
