use kallisti::chaos_test;

#[chaos_test(post({step: "wait", do: "cm.wait", where: {time_in_seconds: "five"}}))]
async fn string_for_a_number() {}

fn main() {}
