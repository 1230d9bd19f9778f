//! Route 53 (REST-XML): hosted zones, their VPCs and `TestDNSAnswer`,
//! which moto lacks.

use super::wire::{dispatch, esc, tag, Call, Operation, Reply};
use super::State;

const ROUTE53: &str = "https://route53.amazonaws.com/doc/2013-04-01/";

const OPERATIONS: &[Operation] = &[
    ("GetHostedZone", get_hosted_zone),
    ("AssociateVPCWithHostedZone", |_, _| {
        change_vpcs("AssociateVPCWithHostedZone")
    }),
    ("DisassociateVPCFromHostedZone", |_, _| {
        change_vpcs("DisassociateVPCFromHostedZone")
    }),
    ("TestDNSAnswer", test_dns_answer),
];

/// The operation a REST route names (the fake does not look at the method).
fn operation(call: &Call) -> &'static str {
    let path: Vec<&str> = call.path.iter().map(String::as_str).collect();
    match path.as_slice() {
        [_, "hostedzone", _] => "GetHostedZone",
        [_, "hostedzone", _, "associatevpc", ..] => "AssociateVPCWithHostedZone",
        [_, "hostedzone", _, "disassociatevpc", ..] => "DisassociateVPCFromHostedZone",
        [_, "hostedzone", _, ..] => "Unknown",
        [.., "testdnsanswer"] => "TestDNSAnswer",
        _ => "Unknown",
    }
}

/// Route 53's DNS answers (REST-XML), which moto lacks.
pub(super) fn route53(state: &mut State, call: &Call) -> Reply {
    // A hosted zone's routes answer for known zones only, whatever they ask.
    if let [_, zone_path, zone, ..] = call.path.as_slice() {
        if zone_path == "hostedzone" && records(state, zone) == 0 {
            return no_such_zone(zone);
        }
    }
    dispatch(OPERATIONS, operation(call), state, call, |_| {
        Reply::query_error(404, "UnknownOperationException", &call.operation)
    })
}

/// How many DNS records a hosted zone holds (a zone is known by its records).
fn records(state: &State, zone: &str) -> usize {
    state.dns.iter().filter(|r| r.0 == zone).count()
}

fn no_such_zone(zone: &str) -> Reply {
    Reply::query_error(
        404,
        "NoSuchHostedZone",
        &format!("No hosted zone found with ID: {zone}"),
    )
}

fn get_hosted_zone(state: &mut State, call: &Call) -> Reply {
    let zone = &call.path[2];
    Reply::xml_document(format!(
        r#"<GetHostedZoneResponse xmlns="{ROUTE53}"><HostedZone>{}{}{}<Config><PrivateZone>true</PrivateZone></Config>{}</HostedZone><VPCs/></GetHostedZoneResponse>"#,
        tag("Id", format!("/hostedzone/{zone}")),
        tag("Name", format!("{zone}.")),
        tag("CallerReference", "kallisti"),
        tag("ResourceRecordSetCount", records(state, zone)),
    ))
}

/// Associating or disassociating a VPC: accepted, and nothing changes.
fn change_vpcs(name: &str) -> Reply {
    Reply::xml_document(format!(
        r#"<{name}Response xmlns="{ROUTE53}"><ChangeInfo><Id>/change/C0KALLISTI</Id><Status>PENDING</Status><SubmittedAt>2026-01-01T00:00:00Z</SubmittedAt></ChangeInfo></{name}Response>"#
    ))
}

/// The answers of a seeded record, or `NXDOMAIN` in a known zone.
fn test_dns_answer(state: &mut State, call: &Call) -> Reply {
    let q = |k: &str| call.query.get(k).cloned().unwrap_or_default();
    let (zone, name, kind) = (q("hostedzoneid"), q("recordname"), q("recordtype"));
    let Some(answers) = state
        .dns
        .iter()
        .find(|r| r.0 == zone && r.1 == name && r.2 == kind)
        .map(|r| r.3.clone())
    else {
        if records(state, &zone) == 0 {
            return no_such_zone(&zone);
        }
        return Reply::xml_document(format!(
            r#"<TestDNSAnswerResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Nameserver>ns-1.awsdns-01.org</Nameserver><RecordName>{}</RecordName><RecordType>{}</RecordType><RecordData/><ResponseCode>NXDOMAIN</ResponseCode><Protocol>UDP</Protocol></TestDNSAnswerResponse>"#,
            esc(&name),
            esc(&kind)
        ));
    };
    let data: String = answers.iter().map(|a| tag("RecordDataEntry", a)).collect();
    Reply::xml_document(format!(
        r#"<TestDNSAnswerResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Nameserver>ns-1.awsdns-01.org</Nameserver><RecordName>{}</RecordName><RecordType>{}</RecordType><RecordData>{data}</RecordData><ResponseCode>NOERROR</ResponseCode><Protocol>UDP</Protocol></TestDNSAnswerResponse>"#,
        esc(&name),
        esc(&kind)
    ))
}
