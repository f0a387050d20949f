//! CSV import (issue 15): every accepted form, every refusal naming its line, a round trip of
//! random data through every separator, decimal comma and header, and a fuzz that no text
//! panics; the points make a Playground that trains.

use backprop_lab::{
    parse_csv_points, DataConfig, DatasetKind, LabelKind, Playground, PlaygroundConfig, MAX_CLASSES,
};
use proptest::prelude::*;

fn refused(text: &str, labels: LabelKind) -> String {
    match parse_csv_points(text, labels) {
        Ok(p) => panic!("{text:?} was accepted: {p:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn commas_with_a_header_and_string_classes() {
    let p = parse_csv_points(
        "x1,x2,label\n0,0,cat\n10,5,dog\n5,2.5,cat\n",
        LabelKind::Auto,
    )
    .unwrap();
    assert_eq!(p.kind, DatasetKind::Imported);
    assert_eq!(p.class_names, ["cat", "dog"]);
    assert_eq!(p.header.as_ref().map(|h| h[2].as_str()), Some("label"));
    assert_eq!(p.separator, ',');
    assert_eq!(p.x_ranges, [(0.0, 10.0), (0.0, 5.0)]);
    // [min, max] → [−0.9, 0.9] on each axis.
    assert_eq!(
        p.points,
        [(-0.9, -0.9, 0.0), (0.9, 0.9, 1.0), (0.0, 0.0, 0.0)]
    );
}

#[test]
fn semicolons_and_tabs_take_a_decimal_comma() {
    for sep in [";", "\t"] {
        let text = format!("1,5{sep}2{sep}0\r\n3,5{sep}-2{sep}1\r\n\r\n2,5{sep}0,25{sep}1\r\n");
        let p = parse_csv_points(&text, LabelKind::Auto).unwrap();
        assert_eq!(p.x_ranges, [(1.5, 3.5), (-2.0, 2.0)], "separator {sep:?}");
        assert!(p.header.is_none());
        assert_eq!(p.points.len(), 3, "the blank line is skipped");
        assert_eq!(p.points[2].1, (0.25 / 2.0 * 0.9) as f32);
    }
}

#[test]
fn whole_number_labels_are_classes_in_numeric_order_and_others_are_numbers() {
    let p = parse_csv_points("0,0,3\n1,1,1\n2,2,10\n3,3,1\n", LabelKind::Auto).unwrap();
    assert_eq!(p.kind, DatasetKind::Imported);
    assert_eq!(p.class_names, ["1", "3", "10"]);
    assert_eq!(
        p.points.iter().map(|p| p.2).collect::<Vec<_>>(),
        [1.0, 0.0, 2.0, 0.0]
    );
    let p = parse_csv_points("0,0,0.5\n1,1,1.5\n2,2,2.5\n", LabelKind::Auto).unwrap();
    assert_eq!(p.kind, DatasetKind::ImportedValues);
    assert_eq!(p.label_range, Some((0.5, 2.5)));
    assert_eq!(
        p.points.iter().map(|p| p.2).collect::<Vec<_>>(),
        [0.0, 0.5, 1.0]
    );
    // Asked for: whole numbers fitted as numbers, numbers as classes.
    let p = parse_csv_points("0,0,0\n1,1,1\n2,2,4\n", LabelKind::Numbers).unwrap();
    assert_eq!(p.kind, DatasetKind::ImportedValues);
    let p = parse_csv_points("0,0,0.5\n1,1,1.5\n", LabelKind::Classes).unwrap();
    assert_eq!(p.class_names, ["0.5", "1.5"]);
}

#[test]
fn the_pages_own_csv_export_reads_back_past_its_set_column() {
    let text = "x1,x2,label,set\n-0.5,0.25,1,train\n0.5,-0.25,0,test\n0,1,1,TRAIN\n";
    let p = parse_csv_points(text, LabelKind::Auto).unwrap();
    assert_eq!(p.points.len(), 3);
    assert_eq!(p.class_names, ["0", "1"]);
    assert_eq!(p.header.unwrap()[2], "label");
    // Another fourth column is still refused.
    assert!(refused("1,2,0,7\n3,4,1,8\n", LabelKind::Auto).contains("line 1: 4 columns"));
}

#[test]
fn quoted_fields_keep_their_separators() {
    let p = parse_csv_points(
        "\"a,b\",x2,\"the \"\"label\"\"\"\n1,2,\"red, dark\"\n3,4,blue\n",
        LabelKind::Auto,
    )
    .unwrap();
    assert_eq!(p.header.unwrap(), ["a,b", "x2", "the \"label\""]);
    assert_eq!(p.class_names, ["red, dark", "blue"]);
}

#[test]
fn every_bad_file_is_named_with_its_line() {
    use LabelKind::*;
    let cases: &[(&str, LabelKind, &str)] = &[
        ("", Auto, "0 data rows"),
        ("x1,x2,y\n", Auto, "0 data rows"),
        ("1,2,0\n", Auto, "1 data row:"),
        (
            "1,2\n3,4\n",
            Auto,
            "line 1: 2 columns, but x1, x2 and a label",
        ),
        (
            "1,2,0\n3,4,1,9\n",
            Auto,
            "line 2: 4 columns separated by commas",
        ),
        (
            "x,y,l\n1,2,0\n\n3,oops,1\n",
            Auto,
            "line 4: x2 is \"oops\", not a number",
        ),
        ("1,2,0\n3,inf,1\n", Auto, "line 2: x2 is \"inf\""),
        ("1,2,0\nNaN,4,1\n", Auto, "line 2: x1 is \"NaN\""),
        ("1,2,0\n3,4,\n", Auto, "line 2: the label is empty"),
        ("1,2,a\n3,4,a\n5,6,a\n", Auto, "one class only"),
        ("1,2,7\n3,4,7\n", Numbers, "every label is 7"),
        (
            "1,2,0.5\n3,4,high\n",
            Numbers,
            "line 2: the label \"high\" is not a number",
        ),
        (
            "1,2,\"open\n3,4,1\n",
            Auto,
            "line 1: a quote is opened and never closed",
        ),
        ("1;2;0\n1,5,5;2;1\n", Auto, "line 2: x1 is \"1,5,5\""),
    ];
    for (text, labels, expected) in cases {
        let message = refused(text, *labels);
        assert!(
            message.contains(expected),
            "{text:?}: {message:?} should say {expected:?}"
        );
    }
    // Nine classes.
    let nine: String = (0..9).map(|c| format!("{c},{c},c{c}\n")).collect();
    assert!(refused(&nine, Auto).contains("line 9: a 9th class, \"c8\": at most 8 classes"));
    // 10,001 rows.
    let many: String = (0..10_001)
        .map(|i| format!("{i},{},{}\n", i % 7, i % 2))
        .collect();
    assert!(refused(&many, Auto).contains("line 10001: more than 10000 rows"));
    let header_and_many = format!("a,b,c\n{many}");
    assert!(refused(&header_and_many, Auto).contains("line 10002"));
}

#[test]
fn imported_points_make_a_playground_with_as_many_outputs_as_classes_and_it_trains() {
    let text: String = (0..200)
        .map(|i| {
            let (x, y) = ((i % 20) as f64, (i / 20) as f64 * 3.0);
            let class = ["low", "mid", "high", "top"][(x as usize) / 5];
            format!("{x};{y};{class}\n")
        })
        .collect();
    let p = parse_csv_points(&text, LabelKind::Auto).unwrap();
    assert_eq!(p.class_names.len(), 4);
    let cfg = PlaygroundConfig {
        data: DataConfig {
            kind: p.kind,
            ..DataConfig::default()
        },
        hidden: vec![6],
        activations: vec![backprop_lab::Activation::Tanh],
        output_activation: backprop_lab::Activation::Softmax,
        cost: backprop_lab::Cost::CrossEntropy,
        ..PlaygroundConfig::default()
    };
    let mut pg = Playground::new(cfg.clone(), &p.points).unwrap();
    assert_eq!(pg.network().sizes(), &[2, 6, 4]);
    assert_eq!(pg.dataset().train_len() + pg.dataset().test_len(), 200);
    let before = pg.metrics().train_loss;
    pg.train(3000).unwrap();
    let after = pg.metrics();
    assert!(
        after.train_loss < before / 3.0,
        "C {before} → {}",
        after.train_loss
    );
    assert!(
        after.test_accuracy > 0.9,
        "test accuracy {}",
        after.test_accuracy
    );
    // The same points with a label past the 8 classes, or off the square, are refused.
    let mut bad = p.points.clone();
    bad[3].2 = MAX_CLASSES as f32;
    assert!(Playground::new(cfg.clone(), &bad).is_err());
    bad[3] = (1.5, 0.0, 0.0);
    assert!(Playground::new(cfg.clone(), &bad)
        .unwrap_err()
        .to_string()
        .contains("between -1 and 1"));
    assert!(Playground::new(cfg, &p.points[..1]).is_err());
}

/// A random data set written out as a CSV in one of the accepted forms.
fn written() -> impl Strategy<Value = (Vec<(f64, f64, usize)>, String, bool, usize)> {
    (
        prop::collection::vec((-1e4f64..1e4, -1e4f64..1e4, 0usize..4), 2..60),
        prop::sample::select(vec![",", ";", "\t"]),
        any::<bool>(),
        0usize..3,
    )
        .prop_map(|(rows, sep, header, style)| {
            let comma = sep != "," && style == 1;
            let num = |v: f64| {
                let t = format!("{v}");
                if comma {
                    t.replace('.', ",")
                } else {
                    t
                }
            };
            let mut text = String::new();
            if header {
                text += &format!("first{sep}second{sep}kind\n");
            }
            for &(x, y, c) in &rows {
                let label = if style == 2 {
                    format!("\"k {c}\"")
                } else {
                    format!("c{c}")
                };
                text += &format!("{}{sep} {}{sep}{label}\r\n", num(x), num(y));
            }
            (rows, text, header, style)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn written_data_reads_back(
        (rows, text, header, _style) in written()
    ) {
        let distinct = {
            let mut c: Vec<usize> = rows.iter().map(|r| r.2).collect();
            c.sort();
            c.dedup();
            c.len()
        };
        let parsed = parse_csv_points(&text, LabelKind::Auto);
        if distinct < 2 {
            prop_assert!(parsed.unwrap_err().to_string().contains("one class only"));
            return Ok(());
        }
        let p = parsed.unwrap();
        prop_assert_eq!(p.header.is_some(), header);
        prop_assert_eq!(p.points.len(), rows.len());
        let lo = rows.iter().map(|r| r.0).fold(f64::INFINITY, f64::min);
        let hi = rows.iter().map(|r| r.0).fold(f64::NEG_INFINITY, f64::max);
        prop_assert_eq!(p.x_ranges[0], (lo, hi));
        for (point, row) in p.points.iter().zip(&rows) {
            prop_assert!(point.0.abs() <= 0.9 + 1e-6 && point.1.abs() <= 0.9 + 1e-6);
            if hi > lo {
                let expected = (2.0 * (row.0 - lo) / (hi - lo) - 1.0) * 0.9;
                prop_assert!((f64::from(point.0) - expected).abs() < 1e-6);
            }
            // Class i is the i-th label seen.
            prop_assert!(p.class_names[point.2 as usize].ends_with(&row.2.to_string()));
        }
    }

    #[test]
    fn no_text_panics(text in "[0-9a-z,;\t\" .\n\r-]{0,300}", kind in 0usize..3) {
        let labels = [LabelKind::Auto, LabelKind::Classes, LabelKind::Numbers][kind];
        if let Ok(p) = parse_csv_points(&text, labels) {
            prop_assert!(p.points.len() >= 2);
            prop_assert!(p.points.iter().all(|&(x, y, l)| x.abs() <= 0.9 + 1e-6 && y.abs() <= 0.9 + 1e-6 && l.is_finite()));
        }
    }

    #[test]
    fn no_bytes_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_csv_points(&text, LabelKind::Auto);
    }
}
