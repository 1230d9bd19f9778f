use kallisti::chaos_test;

#[chaos_test(pre({step: "up", do: "cm.http_probe", where: {method: "GET"}}))]
async fn url_missing() {}

fn main() {}
