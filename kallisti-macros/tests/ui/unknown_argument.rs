use kallisti::chaos_test;

#[chaos_test(pre({step: "up", do: "cm.http_probe", where: {url: "http://127.0.0.1:1", verify_tsl: false}}))]
async fn typo_in_argument() {}

fn main() {}
