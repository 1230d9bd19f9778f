use kallisti::chaos_test;

#[chaos_test(pre({
    step: "up",
    do: "cm.http_probe",
    where: {url: "http://127.0.0.1:1"},
    expect: [{"operator": "gte", "status_code": 200}],
}))]
async fn operator_spelled_like_elsewhere() {}

fn main() {}
