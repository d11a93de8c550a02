//! Turns one DNS request (wire bytes) into the authoritative answer from the zone (wire bytes).
//! Transport-free, so the UDP and TCP loops share it.

use hickory_proto::op::{Edns, Header, Message, MessageType, OpCode, ResponseCode};
use hickory_proto::rr::rdata::TXT;
use hickory_proto::rr::{DNSClass, Name, RData, Record, RecordType};

use super::zone::Zone;

/// A DNS message over UDP without EDNS may not exceed 512 bytes (RFC 1035 §4.2.1).
const PLAIN_UDP_LIMIT: u16 = 512;
/// The UDP size the server offers to EDNS clients (the DNS Flag Day 2020 recommendation).
const OFFERED_UDP_PAYLOAD: u16 = 1232;
/// Records can change at any moment in the sandbox, so resolvers must not cache them.
const TTL_SECONDS: u32 = 0;

/// How the request arrived, which bounds the answer's size.
#[derive(Clone, Copy)]
pub(super) enum Transport {
    Udp,
    Tcp,
}

/// The encoded answer to `request`, or `None` for bytes that are not a DNS query at all (garbage
/// or a response): nothing useful can be said to their sender.
pub(super) fn respond(zone: &Zone, request: &[u8], transport: Transport) -> Option<Vec<u8>> {
    let request = Message::from_vec(request).ok()?;
    if request.message_type() != MessageType::Query {
        return None;
    }
    let mut response = answer(zone, &request);
    let limit = match transport {
        // Answers as large as the client said it can receive, as most servers do, within reason.
        Transport::Udp => request.max_payload().clamp(PLAIN_UDP_LIMIT, 4096),
        Transport::Tcp => u16::MAX,
    };
    match response.to_vec() {
        Ok(bytes) if bytes.len() <= usize::from(limit) => Some(bytes),
        Ok(_) => {
            // Too big for this transport: an empty answer with TC set makes the client retry over TCP.
            response.take_answers();
            response.set_truncated(true);
            response.to_vec().ok()
        }
        Err(_) => {
            response.take_answers();
            response.set_response_code(ResponseCode::ServFail);
            response.to_vec().ok()
        }
    }
}

/// The answer before encoding: the question echoed, the zone's TXT records for a TXT (or ANY) question.
fn answer(zone: &Zone, request: &Message) -> Message {
    let mut response = Message::new();
    let mut header = Header::response_from_request(request.header());
    header.set_authoritative(true);
    response.set_header(header);
    response.add_queries(request.queries().iter().cloned());
    if request.extensions().is_some() {
        let mut edns = Edns::new();
        edns.set_max_payload(OFFERED_UDP_PAYLOAD);
        response.set_edns(edns);
    }

    let code = if request.op_code() != OpCode::Query {
        ResponseCode::NotImp
    } else if let [query] = request.queries() {
        if query.query_class() != DNSClass::IN && query.query_class() != DNSClass::ANY {
            ResponseCode::Refused
        } else {
            match zone.txt_at(&plain_name(query.name())) {
                None => ResponseCode::NXDomain,
                Some(records) => {
                    if matches!(query.query_type(), RecordType::TXT | RecordType::ANY) {
                        response.add_answers(records.iter().map(|strings| {
                            let txt = TXT::new(strings.clone());
                            Record::from_rdata(query.name().clone(), TTL_SECONDS, RData::TXT(txt))
                        }));
                    }
                    ResponseCode::NoError
                }
            }
        }
    } else {
        // Every real server rejects a message with zero or several questions (RFC 9619).
        ResponseCode::FormErr
    };
    response.set_response_code(code);
    response
}

/// The name as the zone stores names: labels joined with dots, no escaping.
fn plain_name(name: &Name) -> String {
    name.iter()
        .map(String::from_utf8_lossy)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use hickory_proto::op::Query;

    fn query(name: &str, record_type: RecordType, edns: Option<u16>) -> Vec<u8> {
        let mut message = Message::new();
        message.set_id(4242);
        message.set_recursion_desired(true);
        let mut name = Name::from_ascii(name).expect("name");
        name.set_fqdn(true);
        message.add_query(Query::query(name, record_type));
        if let Some(payload) = edns {
            let mut e = Edns::new();
            e.set_max_payload(payload);
            message.set_edns(e);
        }
        message.to_vec().expect("encode")
    }

    fn ask(zone: &Zone, request: &[u8], transport: Transport) -> Message {
        let bytes = respond(zone, request, transport).expect("an answer");
        Message::from_vec(&bytes).expect("a valid message")
    }

    fn txt_strings(message: &Message) -> Vec<Vec<String>> {
        message
            .answers()
            .iter()
            .filter_map(|r| match r.data() {
                Some(RData::TXT(txt)) => Some(
                    txt.txt_data()
                        .iter()
                        .map(|s| String::from_utf8_lossy(s).into_owned())
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    }

    /// A record too large for a plain 512-byte UDP answer. (A 2048-bit DKIM record is ~420 bytes
    /// and just fits under a short name; a 4096-bit one, or a long domain name, does not.)
    fn large_record_zone() -> Zone {
        let zone = Zone::default();
        zone.publish_value("smtp._domainkey.example.com", &"k".repeat(600));
        zone
    }

    #[test]
    fn a_small_txt_answer_is_authoritative_and_echoes_the_question() {
        let zone = Zone::default();
        zone.publish_value("a.example.com", "hello");
        let response = ask(
            &zone,
            &query("A.EXAMPLE.com", RecordType::TXT, None),
            Transport::Udp,
        );
        assert_eq!(response.id(), 4242);
        assert!(response.authoritative());
        assert!(response.recursion_desired());
        assert_eq!(response.response_code(), ResponseCode::NoError);
        assert_eq!(response.queries().len(), 1);
        assert_eq!(txt_strings(&response), [vec!["hello".to_owned()]]);
    }

    #[test]
    fn a_large_record_is_truncated_over_plain_udp_and_whole_over_tcp_or_edns() {
        let zone = large_record_zone();
        let request = query("smtp._domainkey.example.com", RecordType::TXT, None);
        let over_udp = ask(&zone, &request, Transport::Udp);
        assert!(over_udp.truncated());
        assert!(over_udp.answers().is_empty());

        let over_tcp = ask(&zone, &request, Transport::Tcp);
        assert!(!over_tcp.truncated());
        assert_eq!(txt_strings(&over_tcp)[0].concat(), "k".repeat(600));

        let edns = query("smtp._domainkey.example.com", RecordType::TXT, Some(1232));
        let over_edns_udp = ask(&zone, &edns, Transport::Udp);
        assert!(!over_edns_udp.truncated());
        assert_eq!(
            over_edns_udp.extensions().as_ref().map(Edns::max_payload),
            Some(1232)
        );
        assert_eq!(txt_strings(&over_edns_udp)[0].concat(), "k".repeat(600));
    }

    #[test]
    fn unknown_names_are_nxdomain_and_other_types_are_empty() {
        let zone = large_record_zone();
        let unknown = ask(
            &zone,
            &query("nope.example.com", RecordType::TXT, None),
            Transport::Udp,
        );
        assert_eq!(unknown.response_code(), ResponseCode::NXDomain);
        let mx = ask(
            &zone,
            &query("smtp._domainkey.example.com", RecordType::MX, None),
            Transport::Udp,
        );
        assert_eq!(mx.response_code(), ResponseCode::NoError);
        assert!(mx.answers().is_empty());
    }

    #[test]
    fn garbage_and_responses_get_no_answer_and_odd_queries_get_error_codes() {
        let zone = large_record_zone();
        assert!(respond(&zone, b"", Transport::Udp).is_none());
        assert!(respond(&zone, &[0xff; 7], Transport::Udp).is_none());
        assert!(respond(&zone, &[0x13; 300], Transport::Tcp).is_none());

        let mut response =
            Message::from_vec(&query("a.example.com", RecordType::TXT, None)).expect("decode");
        response.set_message_type(MessageType::Response);
        assert!(respond(&zone, &response.to_vec().expect("encode"), Transport::Udp).is_none());

        let mut no_question = Message::new();
        no_question.set_id(7);
        let answer = ask(
            &zone,
            &no_question.to_vec().expect("encode"),
            Transport::Udp,
        );
        assert_eq!(answer.response_code(), ResponseCode::FormErr);

        let mut update =
            Message::from_vec(&query("a.example.com", RecordType::TXT, None)).expect("decode");
        update.set_op_code(OpCode::Update);
        let answer = ask(&zone, &update.to_vec().expect("encode"), Transport::Udp);
        assert_eq!(answer.response_code(), ResponseCode::NotImp);
    }
}
