use kallisti::chaos_test;

#[chaos_test(pre({step: "up", do: "cm.http_probe", where: {url: "http://127.0.0.1:1"}}))]
#[tokio::test]
async fn two_runtimes() {}

fn main() {}
