//! Property tests for expectation semantics (operators, numeric alignment,
//! paths) and template typing.

use kallisti::expect::evaluate;
use kallisti::experiment::Expectation;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn holds(op: &str, actual: Value, expected: Value) -> bool {
    evaluate(&Expectation::new(op, "v", expected), &json!({"v": actual})).is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn integer_operators_agree_with_rust(a in any::<i64>(), b in any::<i64>()) {
        prop_assert_eq!(holds("eq", json!(a), json!(b)), a == b);
        prop_assert_eq!(holds("ne", json!(a), json!(b)), a != b);
        prop_assert_eq!(holds("lt", json!(a), json!(b)), a < b);
        prop_assert_eq!(holds("le", json!(a), json!(b)), a <= b);
        prop_assert_eq!(holds("gt", json!(a), json!(b)), a > b);
        prop_assert_eq!(holds("ge", json!(a), json!(b)), a >= b);
    }

    #[test]
    fn exactly_one_of_lt_eq_gt_holds_for_finite_numbers(a in -1e12f64..1e12, b in -1e12f64..1e12) {
        let count = ["lt", "eq", "gt"].iter().filter(|op| holds(op, json!(a), json!(b))).count();
        prop_assert_eq!(count, 1);
        prop_assert_eq!(holds("lt", json!(a), json!(b)), a < b);
    }

    #[test]
    fn numbers_and_numeric_strings_align(a in -(1i64 << 52)..(1i64 << 52)) {
        // An integer equals its text and its float form (exactly representable here).
        prop_assert!(holds("eq", json!(a), json!(a.to_string())));
        prop_assert!(holds("eq", json!(a.to_string()), json!(a)));
        prop_assert!(holds("eq", json!(a), json!(a as f64)));
        prop_assert!(holds("lt", json!(a.to_string()), json!(a as f64 + 0.5)));
    }

    #[test]
    fn big_integers_compare_exactly_beyond_f64(a in (1i64 << 54)..i64::MAX - 1) {
        // a and a + 1 are the same f64 here; they must still differ.
        prop_assert!(!holds("eq", json!(a), json!(a + 1)));
        prop_assert!(holds("lt", json!(a), json!(a + 1)));
        prop_assert!(holds("lt", json!(a.to_string()), json!((a + 1).to_string())));
    }

    #[test]
    fn a_nested_path_finds_its_leaf(keys in prop::collection::vec("[a-z]{1,8}", 1..6), leaf in any::<i64>()) {
        let mut value = json!(leaf);
        for key in keys.iter().rev() {
            let mut map = Map::new();
            map.insert(key.clone(), value);
            value = Value::Object(map);
        }
        let path = keys.join(".");
        prop_assert_eq!(kallisti::expect::lookup(&value, &path).ok(), Some(&json!(leaf)));
        prop_assert!(evaluate(&Expectation::new("eq", path.as_str(), json!(leaf)), &value).is_ok());
        let missing = format!("{path}.zz");
        prop_assert!(kallisti::expect::lookup(&value, &missing).is_err());
    }

    #[test]
    fn a_sole_placeholder_keeps_the_parameters_type(value in scalar()) {
        let mut params = Map::new();
        params.insert("p".into(), value.clone());
        let rendered = kallisti::template::render(&json!({"x": "{{ p }}", "y": ["{{p}}"]}), &params).unwrap();
        prop_assert_eq!(&rendered["x"], &value);
        prop_assert_eq!(&rendered["y"][0], &value);
        // Inside other text it renders to a string.
        let text = kallisti::template::render(&json!("n={{ p }}"), &params).unwrap();
        prop_assert!(text.is_string());
    }

    #[test]
    fn text_without_template_syntax_is_left_alone(text in "[^{}%#]{0,40}") {
        let rendered = kallisti::template::render(&json!({"t": text}), &Map::new()).unwrap();
        prop_assert_eq!(&rendered["t"], &json!(text));
    }
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|n| json!(n)),
        (-1e9f64..1e9).prop_map(|f| json!(f)),
        any::<bool>().prop_map(|b| json!(b)),
        "[a-z0-9 ]{0,20}".prop_map(|s| json!(s)),
        Just(Value::Null),
    ]
}
