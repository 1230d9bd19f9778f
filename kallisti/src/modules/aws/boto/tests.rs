use super::*;

fn model(text: &str) -> Model {
    serde_json::from_str(text).unwrap()
}

fn raw(body: &str, headers: &[(&str, &str)]) -> RawResponse {
    RawResponse {
        status: 200,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.as_bytes().to_vec(),
        retries: 1,
    }
}

const QUERY: &str = r#"{"protocol":"query",
 "operations":{"DescribeGroups":{"shape":"Out","resultWrapper":"DescribeGroupsResult"}},
 "shapes":{
  "Out":{"type":"structure","members":[["Groups",{"shape":"Groups"}],["NextToken",{"shape":"S"}]]},
  "Groups":{"type":"list","member":{"shape":"Group"}},
  "Group":{"type":"structure","members":[["Name",{"shape":"S"}],["Size",{"shape":"I"}],
    ["Healthy",{"shape":"B"}],["Created",{"shape":"T"}],["Tags",{"shape":"Tags"}],["Weight",{"shape":"D"}]]},
  "Tags":{"type":"map","key":{"shape":"S","locationName":"K"},"value":{"shape":"S","locationName":"V"}},
  "S":{"type":"string"},"I":{"type":"integer"},"B":{"type":"boolean"},"T":{"type":"timestamp"},"D":{"type":"double"}}}"#;

#[test]
fn query_responses_read_the_result_wrapper_and_type_every_scalar() {
    let body = r#"<DescribeGroupsResponse xmlns="https://example/doc/">
      <DescribeGroupsResult><Groups>
        <member><Name>web</Name><Size>3</Size><Healthy>true</Healthy>
          <Created>2026-12-01T18:00:00.250Z</Created><Weight>0.5</Weight>
          <Tags><entry><K>team</K><V>pay</V></entry></Tags></member>
        <member><Name>db</Name><Size>1</Size><Healthy>false</Healthy>
          <Created>2026-12-01T18:00:00Z</Created><Tags/></member>
      </Groups></DescribeGroupsResult>
      <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
    </DescribeGroupsResponse>"#;
    let value = model(QUERY)
        .read("DescribeGroups", raw(body, &[("content-type", "text/xml")]))
        .unwrap();
    assert_eq!(
        value["Groups"],
        json!([
            {"Name": "web", "Size": 3, "Healthy": true, "Created": "2026-12-01T18:00:00.250000+00:00",
             "Tags": {"team": "pay"}, "Weight": 0.5},
            {"Name": "db", "Size": 1, "Healthy": false, "Created": "2026-12-01T18:00:00+00:00", "Tags": {}},
        ])
    );
    assert!(
        value.get("NextToken").is_none(),
        "absent members stay absent"
    );
    assert_eq!(
        value["ResponseMetadata"],
        json!({"RequestId": "req-1", "HTTPStatusCode": 200,
               "HTTPHeaders": {"content-type": "text/xml"}, "RetryAttempts": 0})
    );
}

const EC2: &str = r#"{"protocol":"ec2",
 "operations":{"DescribeThings":{"shape":"Out"}},
 "shapes":{
  "Out":{"type":"structure","members":[["Things",{"shape":"Things","locationName":"thingSet"}]]},
  "Things":{"type":"list","member":{"shape":"Thing","locationName":"item"}},
  "Thing":{"type":"structure","members":[["ThingId",{"shape":"S","locationName":"thingId"}],
    ["Parts",{"shape":"Parts","locationName":"part"}]]},
  "Parts":{"type":"list","flattened":true,"member":{"shape":"S"}},
  "S":{"type":"string"}}}"#;

#[test]
fn ec2_responses_read_item_lists_flattened_lists_and_the_request_id() {
    let body = r#"<DescribeThingsResponse><requestId>r-9</requestId>
      <thingSet><item><thingId>t-1</thingId><part>a</part><part>b</part></item>
      <item><thingId>t-2</thingId><part>c</part></item><item/></thingSet>
    </DescribeThingsResponse>"#;
    let value = model(EC2).read("DescribeThings", raw(body, &[])).unwrap();
    assert_eq!(
        value["Things"],
        json!([{"ThingId": "t-1", "Parts": ["a", "b"]}, {"ThingId": "t-2", "Parts": ["c"]}, {}])
    );
    assert_eq!(value["ResponseMetadata"]["RequestId"], "r-9");
}

const REST_JSON: &str = r#"{"protocol":"rest-json",
 "operations":{"GetThing":{"shape":"Out"},"Delete":{}},
 "shapes":{
  "Out":{"type":"structure","members":[["Name",{"shape":"S"}],["At",{"shape":"T"}],
    ["Version",{"shape":"S","location":"header","locationName":"X-Version"}],
    ["Status",{"shape":"I","location":"statusCode"}],["Env",{"shape":"Env","locationName":"environment"}],
    ["Data",{"shape":"Blob"}],["Doc",{"shape":"Doc"}]]},
  "Env":{"type":"map","key":{"shape":"S"},"value":{"shape":"S"}},
  "Doc":{"type":"structure","document":true,"members":[]},
  "S":{"type":"string"},"I":{"type":"integer"},"T":{"type":"timestamp"},"Blob":{"type":"blob"}}}"#;

#[test]
fn rest_json_responses_read_the_body_headers_and_status_and_drop_nulls() {
    let body = r#"{"Name":"fn","At":1764612000.5,"environment":{"STAGE":"prod"},
                   "Data":"aGVsbG8=","Doc":{"any":[1,null]},"Extra":1,"Missing":null}"#;
    let value = model(REST_JSON)
        .read(
            "GetThing",
            raw(body, &[("x-version", "7"), ("x-amzn-requestid", "q")]),
        )
        .unwrap();
    let mut value = value.as_object().unwrap().clone();
    let metadata = value.remove("ResponseMetadata").unwrap();
    assert_eq!(
        Value::Object(value),
        json!({"Name": "fn", "At": "2025-12-01T18:00:00.500000+00:00", "Env": {"STAGE": "prod"},
               "Data": "hello", "Doc": {"any": [1, null]}, "Version": "7", "Status": 200})
    );
    assert_eq!(metadata["RequestId"], "q");
}

#[test]
fn an_operation_without_output_reads_as_its_metadata_alone() {
    let value = model(REST_JSON).read("Delete", raw("", &[])).unwrap();
    assert_eq!(
        value.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["ResponseMetadata"]
    );
}

#[test]
fn a_body_that_is_not_what_the_model_says_names_the_operation() {
    let error = model(QUERY)
        .read("DescribeGroups", raw("<unclosed", &[]))
        .unwrap_err();
    assert!(error.to_string().contains("DescribeGroups"), "{error}");
    let error = model(QUERY).read("Nope", raw("", &[])).unwrap_err();
    assert!(error.to_string().contains("Nope"), "{error}");
}

#[test]
fn timestamps_are_written_as_python_writes_them() {
    assert_eq!(
        timestamp("2026-12-01T18:00:00Z").unwrap(),
        "2026-12-01T18:00:00+00:00"
    );
    assert_eq!(
        timestamp("2026-12-01T18:00:00.123456+02:00").unwrap(),
        "2026-12-01T18:00:00.123456+02:00"
    );
    assert_eq!(timestamp("0").unwrap(), "1970-01-01T00:00:00+00:00");
    assert_eq!(
        timestamp("Tue, 01 Dec 2026 18:00:00 GMT").unwrap(),
        "2026-12-01T18:00:00+00:00"
    );
    assert_eq!(timestamp("not a time"), None);
}

/// The shipped models parse, and every operation's output shape is there.
#[test]
#[cfg(feature = "aws")]
fn the_shipped_models_are_whole() {
    for model in [
        autoscaling(),
        events(),
        ec2(),
        ecs(),
        eks(),
        elasticache(),
        elbv2(),
        emr(),
        fis(),
        iam(),
        incidents(),
        lambda(),
        kafka(),
        rds(),
        route53(),
        ssm(),
        xray(),
    ] {
        for (name, op) in &model.operations {
            if let Some(shape) = &op.shape {
                assert!(model.shapes.contains_key(shape), "{name}: {shape}");
            }
        }
        for shape in model.shapes.values() {
            let refs = shape.members.iter().map(|(_, r)| r);
            for r in refs
                .chain(&shape.member)
                .chain(&shape.key)
                .chain(&shape.value)
            {
                assert!(model.shapes.contains_key(&r.shape), "{}", r.shape);
            }
        }
    }
}

#[test]
fn pages_join_their_lists_and_drop_the_token() {
    let pages = vec![
        json!({"Items": [1, 2], "NextToken": "t", "ResponseMetadata": {"RequestId": "a"}}),
        json!({"Items": [3], "ResponseMetadata": {"RequestId": "b"}}),
    ];
    assert_eq!(
        join_pages(pages, "NextToken"),
        json!({"Items": [1, 2, 3], "ResponseMetadata": {"RequestId": "a"}})
    );
}
