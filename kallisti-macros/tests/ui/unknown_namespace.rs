use kallisti::chaos_test;

#[chaos_test(before({step: "kill", do: "cmm.http_probe", where: {url: "http://127.0.0.1:1"}}))]
async fn typo_in_namespace() {}

fn main() {}
