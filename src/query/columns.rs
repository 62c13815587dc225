//! The columns of an Arrow batch, as an engine answers them, read as Rust values: each cast
//! first to the one type read here (files and engines may hold strings as views or large
//! strings, integers of other widths). Used by the Parquet backend and by regions.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, ListArray, RecordBatch, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{ArrowPrimitiveType, DataType, Field, Int64Type, UInt64Type};

use super::QueryError;

/// A column of a result, cast to `to` (files may hold strings as views or large strings).
pub fn column_as(batch: &RecordBatch, name: &str, to: &DataType) -> Result<ArrayRef, QueryError> {
    let column = batch
        .column_by_name(name)
        .ok_or_else(|| QueryError::Other(format!("a query's answer has no column {name}")))?;
    cast(column, to).map_err(|e| QueryError::Other(format!("the column {name}: {e}")))
}

/// The type a list-of-texts column is read as.
pub fn text_list_type() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)))
}

/// Row `row` of a text array (null as empty).
pub fn text_at(array: &StringArray, row: usize) -> String {
    if array.is_null(row) {
        String::new()
    } else {
        array.value(row).to_owned()
    }
}

/// Row `row` of a list-of-texts array (null as empty, null items left out).
pub fn items_at(array: &ListArray, row: usize) -> Vec<String> {
    if array.is_null(row) {
        return Vec::new();
    }
    let items = array.value(row);
    let items = items.as_string::<i32>();
    (0..items.len())
        .filter(|&j| !items.is_null(j))
        .map(|j| items.value(j).to_owned())
        .collect()
}

/// A text column (null as empty).
pub fn strings(batch: &RecordBatch, name: &str) -> Result<Vec<String>, QueryError> {
    let array = column_as(batch, name, &DataType::Utf8)?;
    let array = array.as_string::<i32>();
    Ok((0..array.len()).map(|i| text_at(array, i)).collect())
}

/// A column of numbers of type `T` (null as 0).
fn numbers<T: ArrowPrimitiveType>(
    batch: &RecordBatch,
    name: &str,
) -> Result<Vec<T::Native>, QueryError> {
    let array = column_as(batch, name, &T::DATA_TYPE)?;
    let array = array.as_primitive::<T>();
    Ok((0..array.len())
        .map(|i| {
            if array.is_null(i) {
                T::Native::default()
            } else {
                array.value(i)
            }
        })
        .collect())
}

/// An integer column (null as 0).
pub fn integers(batch: &RecordBatch, name: &str) -> Result<Vec<i64>, QueryError> {
    numbers::<Int64Type>(batch, name)
}

/// A count column (null as 0).
pub fn counts(batch: &RecordBatch, name: &str) -> Result<Vec<u64>, QueryError> {
    numbers::<UInt64Type>(batch, name)
}

/// A list-of-texts column (null as empty, null items left out).
pub fn lists(batch: &RecordBatch, name: &str) -> Result<Vec<Vec<String>>, QueryError> {
    let array = column_as(batch, name, &text_list_type())?;
    let array = array.as_list::<i32>();
    Ok((0..array.len()).map(|i| items_at(array, i)).collect())
}
