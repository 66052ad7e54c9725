//! The CSV importer on any bytes: split into named files, read into a dataset and checked
//! (`csv_file::read_dataset` runs `Dataset::check`). It must never panic; a dataset it accepts
//! must, written out again, read back to the same cells.
//!
//! Input: lines `--- <file name>` start a file; the lines after it are its bytes, e.g.
//! `--- teams.csv\nid,name\nt1,Ward 3\n--- people.csv\n…`. Text before the first such line is
//! ignored.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use polylead_core::csv_file::{cells, header, read_dataset};
use polylead_core::dataset::{Dataset, Known};
use polylead_core::record::Record;

fuzz_target!(|input: &[u8]| {
    let files = split_files(input);
    let Ok(data) = read_dataset(&files, &Known::default()) else { return };
    let written = write_files(&data);
    let again = match read_dataset(&written, &Known::default()) {
        Ok(again) => again,
        Err(problems) => panic!("a dataset that was read does not read back after writing: {problems:?}\n{written:?}"),
    };
    assert_eq!(write_files(&again), written, "writing the dataset read back gives other files");
});

/// `--- name` lines start files; each file holds the lines up to the next.
fn split_files(input: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut current: Option<(String, Vec<u8>)> = None;
    for line in input.split_inclusive(|&byte| byte == b'\n') {
        if let Some(name) = line.strip_prefix(b"--- ") {
            if let Some((name, bytes)) = current.take() {
                files.insert(name, bytes);
            }
            let name = String::from_utf8_lossy(name).trim_end_matches(['\r', '\n']).to_owned();
            current = Some((name, Vec::new()));
        } else if let Some((_, bytes)) = current.as_mut() {
            bytes.extend_from_slice(line);
        }
    }
    if let Some((name, bytes)) = current {
        files.insert(name, bytes);
    }
    files
}

/// Every non-empty entity of `data` as a CSV file, as `polylead export` writes them.
fn write_files(data: &Dataset) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    write(&mut files, &data.settings);
    write(&mut files, &data.teams);
    write(&mut files, &data.people);
    write(&mut files, &data.roles);
    write(&mut files, &data.fillers);
    write(&mut files, &data.domains);
    write(&mut files, &data.rules);
    write(&mut files, &data.delegations);
    write(&mut files, &data.decisions);
    write(&mut files, &data.responses);
    write(&mut files, &data.acts);
    write(&mut files, &data.ties);
    files
}

fn write<T: Record>(files: &mut BTreeMap<String, Vec<u8>>, rows: &[T]) {
    if rows.is_empty() {
        return;
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header::<T>()).expect("writing to memory");
    for row in rows {
        writer.write_record(cells(row)).expect("writing to memory");
    }
    files.insert(T::ENTITY.file_name(), writer.into_inner().expect("writing to memory"));
}
