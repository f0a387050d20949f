//! IDX files (MNIST's format): good files parse, bad ones give errors that say what is wrong.

use backprop_lab::idx::{parse_images, parse_labels, write_images, write_labels};

#[test]
fn images_round_trip_through_the_idx3_format() {
    let pixels: Vec<u8> = (0..2 * 3 * 4).map(|v| v as u8).collect();
    let bytes = write_images(3, 4, &pixels);
    // 4 magic bytes + 3 big-endian sizes + 24 pixels.
    assert_eq!(bytes.len(), 4 + 3 * 4 + 24);
    assert_eq!(&bytes[..8], &[0, 0, 8, 3, 0, 0, 0, 2]);
    let images = parse_images(&bytes).unwrap();
    assert_eq!((images.count, images.rows, images.cols), (2, 3, 4));
    assert_eq!(images.pixels, pixels);
}

#[test]
fn labels_round_trip_through_the_idx1_format() {
    let bytes = write_labels(&[5, 0, 4, 1, 9]);
    assert_eq!(&bytes[..8], &[0, 0, 8, 1, 0, 0, 0, 5]);
    assert_eq!(parse_labels(&bytes).unwrap(), vec![5, 0, 4, 1, 9]);
}

#[test]
fn a_truncated_image_file_is_refused_with_the_byte_counts() {
    let bytes = write_images(28, 28, &[7; 2 * 784]);
    let err = parse_images(&bytes[..bytes.len() - 100])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("2 × 28 × 28 = 1568 bytes") && err.contains("1468 follow"),
        "{err}"
    );
    assert!(err.contains("truncated"), "{err}");
}

#[test]
fn a_file_shorter_than_its_header_is_refused() {
    let err = parse_labels(&[0, 0, 8]).unwrap_err().to_string();
    assert!(err.contains("shorter than its 8-byte header"), "{err}");
}

#[test]
fn a_label_file_given_as_images_is_refused_by_its_magic_number() {
    let err = parse_images(&write_labels(&[1; 20]))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("00 00 08 01") && err.contains("00 00 08 03"),
        "{err}"
    );
}

#[test]
fn a_gzip_file_is_refused_by_its_magic_number() {
    let err = parse_labels(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0])
        .unwrap_err()
        .to_string();
    assert!(err.contains("1f 8b 08 00"), "{err}");
}

#[test]
fn extra_bytes_after_the_data_are_refused() {
    let mut bytes = write_labels(&[1, 2]);
    bytes.push(3);
    let err = parse_labels(&bytes).unwrap_err().to_string();
    assert!(err.contains("extra bytes"), "{err}");
}
