//! The columns of an Arrow batch, as an engine answers them, read as Rust values: each cast
//! first to the one type read here (files and engines may hold strings as views or large
//! strings, integers of other widths). Used by the Parquet backend and by regions.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Int64Type, UInt64Type};

use super::QueryError;

/// A column of a result, cast to `to` (files may hold strings as views or large strings).
pub fn column_as(batch: &RecordBatch, name: &str, to: &DataType) -> Result<ArrayRef, QueryError> {
    let column = batch
        .column_by_name(name)
        .ok_or_else(|| QueryError::Other(format!("a query's answer has no column {name}")))?;
    cast(column, to).map_err(|e| QueryError::Other(format!("the column {name}: {e}")))
}

/// A text column (null as empty).
pub fn strings(batch: &RecordBatch, name: &str) -> Result<Vec<String>, QueryError> {
    let array = column_as(batch, name, &DataType::Utf8)?;
    let array = array.as_string::<i32>();
    Ok((0..array.len())
        .map(|i| {
            if array.is_null(i) {
                String::new()
            } else {
                array.value(i).to_owned()
            }
        })
        .collect())
}

/// An integer column (null as 0).
pub fn integers(batch: &RecordBatch, name: &str) -> Result<Vec<i64>, QueryError> {
    let array = column_as(batch, name, &DataType::Int64)?;
    let array = array.as_primitive::<Int64Type>();
    Ok((0..array.len())
        .map(|i| if array.is_null(i) { 0 } else { array.value(i) })
        .collect())
}

/// A count column (null as 0).
pub fn counts(batch: &RecordBatch, name: &str) -> Result<Vec<u64>, QueryError> {
    let array = column_as(batch, name, &DataType::UInt64)?;
    let array = array.as_primitive::<UInt64Type>();
    Ok((0..array.len())
        .map(|i| if array.is_null(i) { 0 } else { array.value(i) })
        .collect())
}

/// A list-of-texts column (null as empty, null items left out).
pub fn lists(batch: &RecordBatch, name: &str) -> Result<Vec<Vec<String>>, QueryError> {
    let to = DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)));
    let array = column_as(batch, name, &to)?;
    let array = array.as_list::<i32>();
    Ok((0..array.len())
        .map(|i| {
            if array.is_null(i) {
                return Vec::new();
            }
            let items = array.value(i);
            let items = items.as_string::<i32>();
            (0..items.len())
                .filter(|&j| !items.is_null(j))
                .map(|j| items.value(j).to_owned())
                .collect()
        })
        .collect())
}
