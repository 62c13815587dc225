//! Copy and paste of events. Copy puts the selected events on the clipboard as Timelanes JSON,
//! exactly as the file has them (Copy as a table gives tab-separated rows for a spreadsheet).
//! Paste takes that JSON, rows from a spreadsheet, or lines like `2021-11-15  Title`; rows go
//! through the column mapping window that CSV files use, which shows what each column became
//! before anything is added. Lanes the
//! pasted events name and the timeline lacks are made. One undo step.

use crate::edit::paste::{Pasted, PastedRow, parse_paste};
use crate::edit::{EditError, Editor, Json, List};
use crate::model::Dataset;

use super::TimelanesApp;
use super::editing::unique_id;
use super::mapping_ui::MappingRequest;

impl TimelanesApp {
    /// Edit › Copy: the selected events as Timelanes JSON.
    pub(super) fn copy_selection(&mut self, ctx: &egui::Context) {
        let Some(view) = &self.view else {
            return;
        };
        let selection = view.selection();
        let Some(document) = &mut self.document else {
            return;
        };
        if let Err(message) = document.start_editing() {
            self.set_status(format!("Not copied: {message}"), true);
            return;
        }
        let (Some(editor), dataset) = (&mut document.editor, &document.dataset) else {
            return;
        };
        let items: Vec<String> = selection
            .iter()
            .filter_map(|&e| dataset.event(e))
            .filter_map(|e| editor.item_text(List::Events, e.file_index()).ok())
            .collect();
        if items.is_empty() {
            return;
        }
        ctx.copy_text(format!("[\n{}\n]\n", items.join(",\n")));
        let count = items.len();
        self.set_status(format!("Copied {count} event{}", plural(count)), false);
    }

    /// Edit › Copy as a table: tab-separated rows, for a spreadsheet.
    pub(super) fn copy_as_table(&mut self, ctx: &egui::Context) {
        let (Some(view), Some(document)) = (&self.view, &self.document) else {
            return;
        };
        let dataset = &document.dataset;
        let clean = |text: &str| text.replace(['\t', '\n', '\r'], " ");
        let mut table = "Start\tEnd\tTitle\tActors\tKind\tSource\n".to_owned();
        let mut count = 0;
        for event in view
            .selection()
            .into_iter()
            .filter_map(|e| dataset.event(e))
        {
            let end = match event.end() {
                Some(crate::model::EventEnd::Date(end)) => end.to_string(),
                Some(crate::model::EventEnd::Present) => "present".to_owned(),
                None => String::new(),
            };
            let source = event
                .sources()
                .next()
                .map_or_else(String::new, |s| s.url.clone());
            table.push_str(&format!(
                "{}\t{end}\t{}\t{}\t{}\t{}\n",
                event.start(),
                clean(event.title()),
                clean(&dataset.actor_names(&event).join("; ")),
                clean(event.kind().unwrap_or_default()),
                clean(&source)
            ));
            count += 1;
        }
        ctx.copy_text(table);
        self.set_status(
            format!("Copied {count} event{} as a table", plural(count)),
            false,
        );
    }

    /// Text pasted on the timeline: JSON events are added; rows are shown first.
    pub(super) fn paste(&mut self, text: &str) {
        if self.document.is_none() {
            return;
        }
        match parse_paste(text) {
            Err(message) => self.set_status(format!("Nothing pasted: {message}"), true),
            Ok(Pasted::Rows(table)) => {
                self.windows.mapping_request = Some(MappingRequest::for_paste(table));
            }
            Ok(Pasted::Json(items)) => self.add_pasted(PastedEvents::Json(&items)),
        }
    }

    /// Adds pasted rows, as the mapping window made them into events.
    pub(super) fn add_pasted_rows(&mut self, rows: &[PastedRow]) {
        self.add_pasted(PastedEvents::Rows(rows));
    }

    /// Adds pasted events (rows with a problem are left out), making the lanes they name.
    fn add_pasted(&mut self, pasted: PastedEvents<'_>) {
        let Some(count_before) = self.document.as_ref().map(|d| d.dataset.event_count()) else {
            return;
        };
        let first_lane = self.document.as_ref().and_then(|d| {
            let lane = d.shown.lanes.first()?;
            d.dataset.actor(lane.actor).map(|a| a.id.clone())
        });
        let added = self.apply_edit(|editor, dataset| {
            editor.in_one_step(|editor| match pasted {
                PastedEvents::Json(items) => add_json_items(editor, dataset, items),
                PastedEvents::Rows(rows) => add_rows(editor, dataset, rows, first_lane.as_deref()),
            })
        });
        let Some(document) = &self.document else {
            return;
        };
        let count = document.dataset.event_count().saturating_sub(count_before);
        if added && let Some(view) = &mut self.view {
            let new: Vec<_> = (count_before..document.dataset.event_count())
                .map(|i| crate::model::EventIdx(i as u32))
                .collect();
            view.select_only(new.first().copied());
            view.also_selected.extend(new.into_iter().skip(1));
            self.set_status(format!("Pasted {count} event{}", plural(count)), false);
        }
    }
}

/// Events to add from the clipboard.
enum PastedEvents<'a> {
    /// Timelanes JSON items, added as written.
    Json(&'a [String]),
    /// Rows of a table, read with the columns chosen.
    Rows(&'a [PastedRow]),
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// The id of the lane called (or with the id) `name`, made if the timeline has none.
fn lane_id(
    editor: &mut Editor,
    dataset: &Dataset,
    made: &mut Vec<(String, String)>,
    name: &str,
) -> Result<String, EditError> {
    let same = |a: &str| a.trim().eq_ignore_ascii_case(name.trim());
    if let Some(actor) = dataset.actors.iter().find(|a| same(&a.id) || same(&a.name)) {
        return Ok(actor.id.clone());
    }
    if let Some((id, _)) = made.iter().find(|(id, n)| same(id) || same(n)) {
        return Ok(id.clone());
    }
    let id = unique_id(name, |id| {
        dataset.actors.iter().any(|a| a.id == id) || made.iter().any(|(m, _)| m == id)
    });
    let lane = Json::Object(vec![
        ("id".to_owned(), Json::text(id.clone())),
        ("name".to_owned(), Json::text(name.trim())),
    ]);
    editor.add_item(List::Actors, &lane, "paste".to_owned(), None)?;
    made.push((id.clone(), name.trim().to_owned()));
    Ok(id)
}

fn add_json_items(
    editor: &mut Editor,
    dataset: &Dataset,
    items: &[String],
) -> Result<bool, EditError> {
    let mut made = Vec::new();
    for item in items {
        // Lanes the event names by id that the timeline lacks are made, named by the id.
        let value: serde_json::Value = serde_json::from_str(item).unwrap_or_default();
        for id in value["actors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str())
        {
            lane_id(editor, dataset, &mut made, id)?;
        }
        // A copy pasted into the timeline it came from gets an id of its own.
        let item = match value["id"].as_str() {
            Some(id) if dataset.events().any(|e| e.id() == Some(id)) => {
                let fresh = unique_id(id, |candidate| {
                    dataset.events().any(|e| e.id() == Some(candidate))
                });
                rename_id(item, &fresh)
            }
            _ => item.clone(),
        };
        editor.add_raw_item(List::Events, &item, "paste".to_owned())?;
    }
    Ok(!items.is_empty())
}

/// The event `item` (JSON text) with its `id` set to `id`, everything else as written.
fn rename_id(item: &str, id: &str) -> String {
    let mut text = item.to_owned();
    let quoted = serde_json::to_string(id).unwrap_or_default();
    if let Some(splice) = crate::edit::json_text::set_member(
        &text,
        crate::edit::json_text::root(&text),
        "id",
        &quoted,
    ) {
        splice.apply(&mut text);
    }
    text
}

fn add_rows(
    editor: &mut Editor,
    dataset: &Dataset,
    rows: &[PastedRow],
    first_lane: Option<&str>,
) -> Result<bool, EditError> {
    let mut made = Vec::new();
    let mut added = false;
    for row in rows.iter().filter(|r| r.problem().is_none()) {
        let Ok(start) = &row.start else {
            continue;
        };
        let mut lanes = Vec::new();
        for name in &row.lanes {
            lanes.push(Json::text(lane_id(editor, dataset, &mut made, name)?));
        }
        if lanes.is_empty()
            && let Some(first) = first_lane
        {
            lanes.push(Json::text(first));
        }
        let mut members = vec![
            ("title".to_owned(), Json::text(row.title.clone())),
            ("start".to_owned(), Json::text(start.to_string())),
        ];
        if let Some(Ok(end)) = &row.end {
            members.push(("end".to_owned(), Json::text(end.to_string())));
        }
        if !lanes.is_empty() {
            members.push(("actors".to_owned(), Json::List(lanes)));
        }
        for (key, value) in [("kind", &row.kind), ("description", &row.description)] {
            if !value.is_empty() {
                members.push((key.to_owned(), Json::text(value.clone())));
            }
        }
        if !row.source.is_empty() {
            let key = if row.source.starts_with("http") {
                "url"
            } else {
                "publisher"
            };
            members.push((
                "sources".to_owned(),
                Json::List(vec![Json::Object(vec![(
                    key.to_owned(),
                    Json::text(row.source.clone()),
                )])]),
            ));
        }
        editor.add_item(
            List::Events,
            &Json::Object(members),
            "paste".to_owned(),
            None,
        )?;
        added = true;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_copy_gets_its_own_id_and_keeps_the_rest() {
        let item = "{\n      \"id\": \"summit\",\n      \"title\": \"S\"\n    }";
        assert_eq!(
            rename_id(item, "summit-2"),
            "{\n      \"id\": \"summit-2\",\n      \"title\": \"S\"\n    }"
        );
    }
}
