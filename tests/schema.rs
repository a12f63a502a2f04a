//! JSON Schemas: the committed schemas are the ones the binary generates, and they describe
//! the formats (required keys, no unknown keys).

use crate::common::*;

fn generated(kind: &str) -> serde_json::Value {
    let o = gongwen(&["schema", kind]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("the schema is JSON")
}

#[test]
fn committed_schemas_are_up_to_date() {
    for kind in ["report", "layout", "yearbook"] {
        let path = root().join(format!("schemas/{kind}.schema.json"));
        let committed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            committed,
            generated(kind),
            "{} is stale: run gongwen schema -o schemas",
            path.display()
        );
    }
}

#[test]
fn the_report_schema_describes_the_format() {
    let s = generated("report");
    assert_eq!(s["required"], serde_json::json!(["report"]));
    assert_eq!(s["additionalProperties"], serde_json::json!(false));
    let meta = &s["$defs"]["Meta"];
    assert_eq!(meta["required"], serde_json::json!(["title", "office"]));
    let section = &s["$defs"]["Section"]["properties"];
    assert!(
        section["run-in"].is_object()
            && section["section"].is_object()
            && section["text"].is_object()
    );
    // The files point editors at the schema.
    let head = std::fs::read_to_string(reference_toml()).unwrap();
    assert!(head.starts_with("#:schema ../schemas/report.schema.json"));
}
