use kallisti::chaos_test;

#[chaos_test(pre({step: "kill", do: "k8s.terminate_pods", where: {label_selector: "app=web", order: "oldst"}}))]
async fn a_misspelt_order() {}

fn main() {}
